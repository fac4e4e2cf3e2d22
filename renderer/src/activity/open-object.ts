import { useNavigation } from '../stores/navigation.store';

export type ObjectKind = 'container' | 'image' | 'volume' | 'network';

/** The panel that shows each kind of object. */
export const PANEL_OF: Record<ObjectKind, string> = {
  container: 'containers',
  image: 'images',
  volume: 'volumes',
  network: 'networks',
};

export const isObjectKind = (t: string): t is ObjectKind => t in PANEL_OF;

/** Show one object in its panel (the panel brings it into view). */
export function openObject(kind: ObjectKind, id: string): void {
  useNavigation.getState().open(PANEL_OF[kind], { kind, id });
}
