import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { download, exportName, toJson } from '../activity/activity-view';
import { openObject } from '../activity/open-object';
import { useOverlays } from '../help/overlays';
import { Keys } from '../help/ShortcutsDialog';
import { isPaletteKey, modKey, panelKey } from '../help/shortcuts';
import { LANGUAGES, systemLanguage } from '../i18n';
import { CONCEPTS } from '../learn/concepts';
import { useLearnFocus } from '../learn/learn.state';
import { toShellScript } from '../lib/journal';
import { requestRunForm } from '../lib/run-prefill';
import { useActivity, useContainers, useImages, useJournal, useNetworks, useVolumes } from '../stores';
import { useNavigation } from '../stores/navigation.store';
import { useSettings } from '../stores/settings.store';
import { useSystemTab } from '../system/system-tab';
import { rankItems, type PaletteItem } from './palette-search';

/** `keys`: the shortcut that does the same, shown beside the label (not searched). */
type Runnable = PaletteItem & { run(): void; keys?: string };

/** Actions another panel starts when asked through the navigation store: [action, panel, search words]. */
const STARTS: [string, string, string][] = [
  ['pull', 'images', 'docker pull image'],
  ['build', 'images', 'docker build image dockerfile'],
  ['createVolume', 'volumes', 'docker volume create new'],
  ['createNetwork', 'networks', 'docker network create new'],
];

/** Everything the palette can jump to or do, built from the stores (cheap: a few thousand items at most). */
function useItems(panels: readonly string[]): Runnable[] {
  const { t, i18n } = useTranslation();
  const containers = useContainers((s) => s.byId);
  const images = useImages((s) => s.byId);
  const volumes = useVolumes((s) => s.byName);
  const networks = useNetworks((s) => s.byId);
  const theme = useSettings((s) => s.theme);
  const hints = useSettings((s) => s.commandHints);
  return useMemo(() => {
    const nav = useNavigation.getState();
    const overlays = useOverlays.getState();
    const settings = useSettings.getState();
    const items: Runnable[] = [];
    const mod = modKey();
    for (const p of panels) {
      const k = panelKey(panels, p);
      items.push({
        key: `panel:${p}`,
        group: 'panel',
        label: t('palette.goTo', { panel: t(`nav.${p}`) }),
        keywords: `${p} ${t(`nav.${p}`)}`,
        run: () => nav.setPanel(p),
        keys: k && `${mod}+${k}`,
      });
    }
    const dark =
      theme === 'dark' || (theme === 'system' && window.matchMedia?.('(prefers-color-scheme: dark)').matches);
    const otherLang = LANGUAGES.find((l) => l.code !== (settings.language ?? systemLanguage())) ?? LANGUAGES[0];
    const action = (key: string, label: string, run: () => void, keywords = ''): Runnable => ({
      key: `action:${key}`,
      group: 'action',
      label,
      keywords,
      run,
    });
    items.push(
      action('run', t('palette.actions.run'), () => requestRunForm({}), 'docker run create container new'),
      ...STARTS.map(([id, panel, words]) =>
        action(id, t(`palette.actions.${id}`), () => nav.open(panel, { kind: 'action', id }), words),
      ),
      {
        ...action('shortcuts', t('palette.actions.shortcuts'), () => overlays.openDialog('shortcuts'), 'help keys ?'),
        keys: '?',
      },
      action(
        'theme',
        dark ? t('palette.actions.themeLight') : t('palette.actions.themeDark'),
        () => settings.setTheme(dark ? 'light' : 'dark'),
        'theme dark light',
      ),
      action(
        'language',
        t('palette.actions.language', { language: otherLang.label }),
        () => settings.setLanguage(otherLang.code),
        'language 语言 english 中文',
      ),
      action(
        'hints',
        hints ? t('palette.actions.hintsOff') : t('palette.actions.hintsOn'),
        () => settings.setCommandHints(!hints),
        'command hints docker cli',
      ),
      action(
        'prune',
        t('palette.actions.prune'),
        () => {
          useSystemTab.getState().setTab('prune');
          nav.setPanel('system');
        },
        'prune clean system',
      ),
      action(
        'df',
        t('palette.actions.diskUsage'),
        () => {
          useSystemTab.getState().setTab('disk');
          nav.setPanel('system');
        },
        'df disk usage system',
      ),
      action(
        'journal',
        t('palette.actions.copyJournal'),
        () =>
          void navigator.clipboard?.writeText(
            toShellScript(
              useJournal.getState().entries.map((e) => e.command),
              t('journal.scriptHeader'),
            ),
          ),
        'journal script',
      ),
      action(
        'activity',
        t('palette.actions.exportActivity'),
        () => download(exportName('json'), toJson(useActivity.getState().entries), 'application/json'),
        'activity events export',
      ),
      action('logs', t('palette.actions.logs'), () => overlays.openDialog('logs'), 'logs help'),
      action('about', t('palette.actions.about'), () => overlays.openDialog('about'), 'about version help'),
    );
    for (const c of containers.values()) {
      items.push({
        key: `container:${c.id}`,
        group: 'container',
        label: c.name,
        detail: `${c.image} · ${c.state}`,
        keywords: c.id.slice(0, 12),
        run: () => openObject('container', c.id),
      });
    }
    for (const i of images.values()) {
      const short = i.id.replace(/^sha256:/, '').slice(0, 12);
      items.push({
        key: `image:${i.id}`,
        group: 'image',
        label: i.tags[0] ?? `<none> ${short}`,
        detail: [short, ...i.tags.slice(1)].join(' · '),
        keywords: i.tags.join(' '),
        run: () => openObject('image', i.id),
      });
    }
    for (const v of volumes.values()) {
      items.push({
        key: `volume:${v.name}`,
        group: 'volume',
        label: v.name,
        detail: v.driver,
        run: () => openObject('volume', v.name),
      });
    }
    for (const n of networks.values()) {
      items.push({
        key: `network:${n.id}`,
        group: 'network',
        label: n.name,
        detail: `${n.driver} · ${n.id.slice(0, 12)}`,
        run: () => openObject('network', n.id),
      });
    }
    for (const c of CONCEPTS) {
      items.push({
        key: `concept:${c}`,
        group: 'concept',
        label: t(`learn.concepts.${c}.title`),
        keywords: t(`learn.concepts.${c}.summary`),
        run: () => {
          useLearnFocus.getState().show(c);
          nav.setPanel('learn');
        },
      });
    }
    return items;
    // i18n.language: labels are re-made when the language changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [panels, containers, images, volumes, networks, theme, hints, t, i18n.language]);
}

/** Ctrl/Cmd+K: type to jump to any container, image, volume, network, panel or action. */
export function CommandPalette({ panels, onClose }: { panels: readonly string[]; onClose(): void }) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const items = useItems(panels);
  const results = useMemo(() => rankItems(items, query) as Runnable[], [items, query]);
  const listId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const current = Math.min(active, Math.max(0, results.length - 1));

  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    inputRef.current?.focus();
    return () => before?.focus?.();
  }, []);
  useEffect(() => {
    listRef.current?.querySelector('[aria-selected="true"]')?.scrollIntoView?.({ block: 'nearest' });
  }, [current, results]);

  const choose = (item: Runnable | undefined) => {
    if (!item) return;
    onClose();
    item.run();
  };
  const onKey = (e: React.KeyboardEvent) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((current + 1) % Math.max(1, results.length));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((current - 1 + results.length) % Math.max(1, results.length));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      choose(results[current]);
    } else if (e.key === 'Escape' || isPaletteKey(e)) {
      e.preventDefault();
      onClose();
    }
  };

  return (
    <div className="modal-backdrop palette-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="modal palette" role="dialog" aria-modal="true" aria-label={t('palette.title')}>
        <input
          ref={inputRef}
          type="text"
          className="palette-input"
          role="combobox"
          aria-expanded="true"
          aria-controls={listId}
          aria-activedescendant={results[current] ? `${listId}-${current}` : undefined}
          aria-label={t('palette.title')}
          placeholder={t('palette.placeholder')}
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={onKey}
          spellCheck={false}
          autoComplete="off"
        />
        <ul className="palette-list" role="listbox" id={listId} ref={listRef} aria-label={t('palette.title')}>
          {results.map((item, i) => (
            <li
              key={item.key}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === current}
              data-key={item.key}
              className={i === current ? 'active' : undefined}
              onMouseMove={() => i !== current && setActive(i)}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => choose(item)}
            >
              <span className="palette-label">{item.label}</span>
              {item.detail && <span className="palette-detail">{item.detail}</span>}
              {item.keys && <Keys keys={item.keys} />}
              <span className="palette-group">{t(`palette.groups.${item.group}`)}</span>
            </li>
          ))}
        </ul>
        {results.length === 0 && <p className="empty">{t('palette.noResults', { query })}</p>}
        <div className="palette-footer muted small">{t('palette.footer')}</div>
      </div>
    </div>
  );
}
