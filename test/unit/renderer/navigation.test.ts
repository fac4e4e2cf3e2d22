import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ImageSummary } from '../../../preload/contract/images.contract';
import { findImage } from '../../../renderer/src/stores/images.store';
import { useNavigation } from '../../../renderer/src/stores/navigation.store';

// open-object and app-navigate import stores that pick an API bridge from `window`.
vi.mock('../../../renderer/src/api', () => ({ api: { call: vi.fn() }, mode: 'web' }));

const { openObject } = await import('../../../renderer/src/activity/open-object');
const { handleNavigate } = await import('../../../renderer/src/stores/app-navigate');

const img = (hex: string, over: Partial<ImageSummary> = {}): ImageSummary => ({
  id: `sha256:${hex.padEnd(64, '0')}`,
  parentId: '',
  tags: [],
  digests: [],
  created: 1,
  size: 1,
  sharedSize: 0,
  uniqueSize: 1,
  containers: 0,
  layers: 1,
  labels: {},
  ...over,
});

afterEach(() => useNavigation.setState({ panel: 'containers', focus: undefined }));

describe('opening an image from elsewhere (palette, activity, tray)', () => {
  it('goes to the images panel with an image focus, like the other kinds', () => {
    openObject('image', 'busybox:latest');
    expect(useNavigation.getState()).toMatchObject({ panel: 'images', focus: { kind: 'image', id: 'busybox:latest' } });
    openObject('volume', 'data');
    expect(useNavigation.getState()).toMatchObject({ panel: 'volumes', focus: { kind: 'volume', id: 'data' } });
    handleNavigate({ to: 'images', id: 'sha256:abc' });
    expect(useNavigation.getState()).toMatchObject({ panel: 'images', focus: { kind: 'image', id: 'sha256:abc' } });
    useNavigation.setState({ focus: undefined });
    handleNavigate({ to: 'images' });
    expect(useNavigation.getState()).toMatchObject({ panel: 'images', focus: undefined });
  });

  it('finds the image by id, short id, tag (latest implied) or digest; an ambiguous prefix finds nothing', () => {
    const a = img('abcd1', { tags: ['busybox:latest', 'reg:5000/team/app:1'] });
    const b = img('abce2', { digests: ['alpine@sha256:ffff'] });
    const byId = new Map([a, b].map((i) => [i.id, i]));
    expect(findImage(byId, a.id)).toBe(a);
    expect(findImage(byId, a.id.slice(7))).toBe(a);
    expect(findImage(byId, 'abcd')).toBe(a);
    expect(findImage(byId, 'abc')).toBeUndefined(); // too short, and both start so
    expect(findImage(byId, 'busybox')).toBe(a);
    expect(findImage(byId, 'reg:5000/team/app:1')).toBe(a);
    expect(findImage(byId, 'alpine@sha256:ffff')).toBe(b);
    expect(findImage(byId, 'nginx:latest')).toBeUndefined();
    expect(findImage(byId, '  ')).toBeUndefined();
  });
});
