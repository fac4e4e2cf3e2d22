import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CONCEPTS, CONCEPT_COMMANDS, type Concept } from './concepts';
import { useLearnFocus } from './learn.state';

/** Short explanations of the concepts the panels show, in English and Chinese, with commands to try. */
export function LearnPanel() {
  const { t } = useTranslation();
  const focus = useLearnFocus((s) => s.concept);
  const show = useLearnFocus((s) => s.show);
  const refs = useRef<Partial<Record<Concept, HTMLElement | null>>>({});
  useEffect(() => {
    if (!focus) return;
    const el = refs.current[focus];
    el?.scrollIntoView?.({ block: 'start' });
    el?.focus();
    show(undefined);
  }, [focus, show]);
  return (
    <section className="panel learn" aria-labelledby="learn-title">
      <header className="panel-header">
        <h1 id="learn-title">{t('learn.title')}</h1>
      </header>
      <p className="muted">{t('learn.intro')}</p>
      <nav className="learn-toc" aria-label={t('learn.contents')}>
        {CONCEPTS.map((c) => (
          <button key={c} type="button" className="link" onClick={() => show(c)}>
            {t(`learn.concepts.${c}.title`)}
          </button>
        ))}
      </nav>
      {CONCEPTS.map((c) => (
        <article
          key={c}
          id={`learn-${c}`}
          className="learn-card"
          tabIndex={-1}
          ref={(el) => {
            refs.current[c] = el;
          }}
          aria-labelledby={`learn-${c}-title`}
        >
          <h2 id={`learn-${c}-title`}>{t(`learn.concepts.${c}.title`)}</h2>
          <p className="learn-summary">{t(`learn.concepts.${c}.summary`)}</p>
          {(['p1', 'p2', 'p3', 'p4'] as const).map((p) => (
            <p key={p}>
              <Inline text={t(`learn.concepts.${c}.${p}`)} />
            </p>
          ))}
          <h3>{t('learn.tryIt')}</h3>
          {CONCEPT_COMMANDS[c].map((cmd, i) => (
            <div key={cmd} className="learn-try">
              <div className="small muted">{t(`learn.concepts.${c}.c${i + 1}`)}</div>
              <CopyCommand command={cmd} />
            </div>
          ))}
          <p className="small">
            <strong>{t('learn.inBerth')}:</strong> {t(`learn.concepts.${c}.berth`)}
          </p>
        </article>
      ))}
    </section>
  );
}

/** `code` spans in explanations (no markup in translations beyond backticks). */
export function Inline({ text }: { text: string }) {
  const parts = text.split('`');
  return (
    <>
      {parts.map((p, i) =>
        i % 2 === 1 ? (
          <code key={i} className="inline-code">
            {p}
          </code>
        ) : (
          <span key={i}>{p}</span>
        ),
      )}
    </>
  );
}

/** A command to try: always shown (it is the lesson, not a hint), copyable. */
function CopyCommand({ command }: { command: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  return (
    <div className="command-hint learn-command">
      <code>$ {command}</code>
      <button
        type="button"
        className="link"
        onClick={() => void navigator.clipboard?.writeText(command).then(() => setCopied(true))}
      >
        {copied ? t('common.copied') : t('common.copy')}
      </button>
    </div>
  );
}
