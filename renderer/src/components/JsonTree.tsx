import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

type Json = unknown;

const isContainer = (v: Json): v is Record<string, Json> | Json[] => typeof v === 'object' && v !== null;
const entriesOf = (v: Record<string, Json> | Json[]): [string, Json][] =>
  Array.isArray(v) ? v.map((x, i) => [String(i), x]) : Object.entries(v);
const keyPath = (parent: string, key: string) => (parent ? `${parent}\u0000${key}` : key);

function scalarText(v: Json): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === undefined) return 'undefined';
  return String(v);
}

/**
 * Paths to show for a search: every node whose key or scalar value contains
 * the query, and their ancestors. `undefined` when there is no query.
 */
export function matchingPaths(value: Json, query: string): Set<string> | undefined {
  const q = query.trim().toLowerCase();
  if (!q) return undefined;
  const out = new Set<string>();
  const walk = (v: Json, path: string, key: string, ancestors: string[]): void => {
    const hit = key.toLowerCase().includes(q) || (!isContainer(v) && scalarText(v).toLowerCase().includes(q));
    if (hit) {
      out.add(path);
      for (const a of ancestors) out.add(a);
    }
    if (isContainer(v)) {
      const next = path ? [...ancestors, path] : ancestors;
      for (const [k, child] of entriesOf(v)) walk(child, keyPath(path, k), k, next);
    }
  };
  walk(value, '', '', []);
  return out;
}

/** Every container path of a value (for "expand all"), bounded. */
function allPaths(value: Json, limit = 5000): Set<string> {
  const out = new Set<string>(['']);
  const walk = (v: Json, path: string) => {
    if (!isContainer(v) || out.size > limit) return;
    out.add(path);
    for (const [k, child] of entriesOf(v)) walk(child, keyPath(path, k));
  };
  walk(value, '');
  return out;
}

function defaultExpanded(value: Json, depth: number): Set<string> {
  const out = new Set<string>(['']);
  const walk = (v: Json, path: string, d: number) => {
    if (!isContainer(v) || d >= depth) return;
    out.add(path);
    for (const [k, child] of entriesOf(v)) walk(child, keyPath(path, k), d + 1);
  };
  walk(value, '', 0);
  return out;
}

function highlight(text: string, q: string): ReactNode {
  if (!q) return text;
  const i = text.toLowerCase().indexOf(q.toLowerCase());
  if (i < 0) return text;
  return (
    <>
      {text.slice(0, i)}
      <mark>{text.slice(i, i + q.length)}</mark>
      {text.slice(i + q.length)}
    </>
  );
}

function copy(text: string) {
  void navigator.clipboard?.writeText(text).catch(() => {});
}

/**
 * A read-only JSON tree: collapsible, searchable (keys and values), with copy
 * of the whole document or of any node. Usage: `<JsonTree value={obj} />`.
 */
export function JsonTree({ value, initialDepth = 2 }: { value: unknown; initialDepth?: number }) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [expanded, setExpanded] = useState<Set<string>>(() => defaultExpanded(value, initialDepth));
  const [copied, setCopied] = useState(false);
  const shown = useMemo(() => matchingPaths(value, query), [value, query]);
  const q = query.trim();

  const toggle = (path: string) =>
    setExpanded((prev) => {
      const next = new Set(prev);
      if (next.has(path)) next.delete(path);
      else next.add(path);
      return next;
    });

  const renderNode = (key: string | undefined, v: Json, path: string, depth: number): ReactNode => {
    if (shown && path && !shown.has(path)) return null;
    const open = shown ? true : expanded.has(path);
    const label =
      key === undefined ? null : (
        <span className="jt-key">
          {highlight(key, q)}
          <span className="jt-punct">: </span>
        </span>
      );
    if (!isContainer(v)) {
      const text = scalarText(v);
      const cls = v === null ? 'jt-null' : `jt-${typeof v}`;
      return (
        <div className="jt-row" key={path} role="treeitem" aria-selected={false} style={{ paddingLeft: depth * 14 }}>
          <span className="jt-twisty" aria-hidden="true" />
          {label}
          <span className={cls}>{highlight(text, q)}</span>
          <button
            type="button"
            className="jt-copy link"
            title={t('jsonTree.copyValue')}
            aria-label={`${t('jsonTree.copyValue')} ${key ?? ''}`}
            onClick={() => copy(typeof v === 'string' ? v : text)}
          >
            {t('common.copy')}
          </button>
        </div>
      );
    }
    const entries = entriesOf(v);
    const [openCh, closeCh] = Array.isArray(v) ? ['[', ']'] : ['{', '}'];
    return (
      <div key={path} role="treeitem" aria-selected={false} aria-expanded={open}>
        <div className="jt-row" style={{ paddingLeft: depth * 14 }}>
          <button
            type="button"
            className="jt-twisty"
            aria-label={open ? t('jsonTree.collapse') : t('jsonTree.expand')}
            onClick={() => toggle(path)}
            disabled={!!shown}
          >
            {open ? '▾' : '▸'}
          </button>
          {label}
          <span className="jt-punct">
            {openCh}
            {!open && (
              <>
                <span className="jt-summary">
                  {' '}
                  {Array.isArray(v)
                    ? t('jsonTree.items', { count: entries.length })
                    : t('jsonTree.keys', { count: entries.length })}{' '}
                </span>
                {closeCh}
              </>
            )}
            {open && entries.length === 0 && closeCh}
          </span>
          <button
            type="button"
            className="jt-copy link"
            title={t('jsonTree.copyValue')}
            aria-label={`${t('jsonTree.copyValue')} ${key ?? ''}`}
            onClick={() => copy(JSON.stringify(v, null, 2))}
          >
            {t('common.copy')}
          </button>
        </div>
        {open && entries.length > 0 && (
          <div role="group">
            {entries.map(([k, child]) => renderNode(k, child, keyPath(path, k), depth + 1))}
            <div className="jt-row jt-punct" style={{ paddingLeft: depth * 14 }}>
              <span className="jt-twisty" aria-hidden="true" />
              {closeCh}
            </div>
          </div>
        )}
      </div>
    );
  };

  const noMatch = shown !== undefined && shown.size === 0;
  return (
    <div className="json-tree">
      <div className="jt-toolbar">
        <input
          type="search"
          value={query}
          placeholder={t('jsonTree.search')}
          aria-label={t('jsonTree.search')}
          onChange={(e) => setQuery(e.target.value)}
        />
        <button type="button" onClick={() => setExpanded(allPaths(value))} disabled={!!shown}>
          {t('jsonTree.expandAll')}
        </button>
        <button type="button" onClick={() => setExpanded(new Set(['']))} disabled={!!shown}>
          {t('jsonTree.collapseAll')}
        </button>
        <button
          type="button"
          onClick={() => {
            copy(JSON.stringify(value, null, 2));
            setCopied(true);
            setTimeout(() => setCopied(false), 1200);
          }}
        >
          {copied ? t('common.copied') : t('jsonTree.copyAll')}
        </button>
      </div>
      <div className="jt-body mono" role="tree" aria-label={t('jsonTree.label')}>
        {noMatch ? <p className="muted">{t('jsonTree.noMatch')}</p> : renderNode(undefined, value, '', 0)}
      </div>
    </div>
  );
}
