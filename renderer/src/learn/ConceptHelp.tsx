import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigation } from '../stores/navigation.store';
import type { Concept } from './concepts';
import { Inline } from './LearnPanel';
import { useLearnFocus } from './learn.state';

/**
 * A small "?" beside a concept the UI shows (layers, volumes, networks, exec/attach):
 * its one-line explanation, and a link to the Learn panel. Any panel may use it.
 */
export function ConceptHelp({ concept }: { concept: Concept }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const id = useId();
  const ref = useRef<HTMLSpanElement>(null);
  const show = useLearnFocus((s) => s.show);
  const setPanel = useNavigation((s) => s.setPanel);
  const title = t(`learn.concepts.${concept}.title`);
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => !ref.current?.contains(e.target as Node) && setOpen(false);
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    window.addEventListener('mousedown', onDown);
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('mousedown', onDown);
      window.removeEventListener('keydown', onKey);
    };
  }, [open]);
  return (
    <span className="concept-help" ref={ref}>
      <button
        type="button"
        className="concept-help-button"
        aria-label={t('learn.explain', { title })}
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((o) => !o)}
      >
        ?
      </button>
      {open && (
        <span className="concept-help-pop" id={id} role="dialog" aria-label={title}>
          <strong>{title}</strong>
          <span>
            <Inline text={t(`learn.concepts.${concept}.summary`)} />
          </span>
          <button
            type="button"
            className="link"
            onClick={() => {
              setOpen(false);
              show(concept);
              setPanel('learn');
            }}
          >
            {t('learn.readMore')}
          </button>
        </span>
      )}
    </span>
  );
}
