import { describe, expect, it } from 'vitest';
import { itemScore, rankItems, tokenScore, type PaletteItem } from '../../../renderer/src/palette/palette-search';
import {
  isPaletteKey,
  isTypingTarget,
  modKey,
  panelAt,
  panelKey,
  shortcutFor,
  type KeyLike,
} from '../../../renderer/src/help/shortcuts';

const item = (group: PaletteItem['group'], label: string, more: Partial<PaletteItem> = {}): PaletteItem => ({
  key: `${group}:${label}`,
  group,
  label,
  ...more,
});

describe('palette matching', () => {
  it('scores whole > prefix > word start > substring > letters in order > nothing', () => {
    const scores = [
      tokenScore('nginx', 'nginx'),
      tokenScore('nginx-proxy', 'nginx'),
      tokenScore('my-nginx', 'nginx'),
      tokenScore('mynginx', 'nginx'),
      tokenScore('n-g-i-n-x', 'ngx'),
      tokenScore('redis', 'nginx'),
    ];
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(scores.at(-1)).toBe(-1);
    expect(tokenScore('NGINX', 'nginx')).toBe(1000);
  });

  it('needs every word of the query, in the label, the detail or the keywords', () => {
    const web = item('container', 'web', { detail: 'nginx:1.27 · running', keywords: 'abc123' });
    expect(itemScore(web, 'web nginx')).toBeGreaterThan(0);
    expect(itemScore(web, 'abc123')).toBeGreaterThan(0);
    expect(itemScore(web, 'web redis')).toBe(-1);
    // The label counts more than the detail.
    expect(itemScore(item('container', 'nginx'), 'nginx')).toBeGreaterThan(itemScore(web, 'nginx'));
  });

  it('shows panels and actions for an empty query, objects only when asked for', () => {
    const items = [
      item('panel', 'Go to Containers'),
      item('container', 'web'),
      item('action', 'Show the keyboard shortcuts'),
      item('volume', 'data'),
    ];
    expect(rankItems(items, '  ').map((i) => i.key)).toEqual([
      'panel:Go to Containers',
      'action:Show the keyboard shortcuts',
    ]);
    expect(rankItems(items, 'data').map((i) => i.key)).toEqual(['volume:data']);
  });

  it('ranks best first; equal scores go panels, actions, objects, then by label; bounded', () => {
    const items = [
      item('network', 'app'),
      item('volume', 'app'),
      item('container', 'app'),
      item('container', 'application'),
      item('panel', 'app'),
    ];
    expect(rankItems(items, 'app').map((i) => i.key)).toEqual([
      'panel:app',
      'container:app',
      'volume:app',
      'network:app',
      'container:application',
    ]);
    const many = Array.from({ length: 500 }, (_, i) => item('container', `c${i}`));
    expect(rankItems(many, 'c', 50)).toHaveLength(50);
  });

  it('matches Chinese labels', () => {
    expect(rankItems([item('panel', '前往容器'), item('panel', '前往网络')], '容器').map((i) => i.label)).toEqual([
      '前往容器',
    ]);
  });
});

const key = (k: Partial<KeyLike> & { key: string }): KeyLike => ({
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...k,
});

const free = { typing: false, modal: false };
const typing = { typing: true, modal: false };
const modal = { typing: false, modal: true };

describe('keyboard shortcuts', () => {
  it('Ctrl/Cmd+K opens the palette', () => {
    expect(shortcutFor(key({ key: 'k', ctrlKey: true }), free)).toEqual({ kind: 'palette' });
    expect(shortcutFor(key({ key: 'K', metaKey: true }), free)).toEqual({ kind: 'palette' });
    expect(isPaletteKey(key({ key: 'K', metaKey: true }))).toBe(true);
    expect(isPaletteKey(key({ key: 'k', ctrlKey: true, altKey: true }))).toBe(false);
    expect(shortcutFor(key({ key: 'k' }), free)).toBeUndefined();
    expect(shortcutFor(key({ key: 'k', ctrlKey: true, shiftKey: true }), free)).toBeUndefined();
  });

  it('Ctrl/Cmd+1…9 and Alt+1…9 go to a panel by sidebar place, by key code', () => {
    expect(shortcutFor(key({ key: '1', code: 'Digit1', ctrlKey: true }), free)).toEqual({ kind: 'panel', index: 0 });
    expect(shortcutFor(key({ key: '9', metaKey: true }), free)).toEqual({ kind: 'panel', index: 8 });
    // A layout where the digit row types other characters (AZERTY): the code decides.
    expect(shortcutFor(key({ key: '&', code: 'Digit1', altKey: true }), free)).toEqual({ kind: 'panel', index: 0 });
    expect(shortcutFor(key({ key: '0', code: 'Digit0', ctrlKey: true }), free)).toEqual({ kind: 'panel', index: 9 });
    expect(shortcutFor(key({ key: 'à', code: 'Digit0', altKey: true }), free)).toEqual({ kind: 'panel', index: 9 });
    expect(shortcutFor(key({ key: '1', code: 'Digit1' }), free)).toBeUndefined();
    expect(shortcutFor(key({ key: '1', code: 'Digit1', ctrlKey: true, altKey: true }), free)).toBeUndefined();
  });

  it('Ctrl/Cmd+, and Alt+, open the settings', () => {
    expect(shortcutFor(key({ key: ',', code: 'Comma', metaKey: true }), free)).toEqual({ kind: 'settings' });
    expect(shortcutFor(key({ key: ';', code: 'Comma', altKey: true }), free)).toEqual({ kind: 'settings' });
    expect(shortcutFor(key({ key: ',' }), free)).toBeUndefined();
    expect(shortcutFor(key({ key: '<', code: 'Comma', ctrlKey: true, shiftKey: true }), free)).toBeUndefined();
  });

  it('gives every panel of the sidebar a key, shown in Help: 1…9, 0, and "," for the settings', () => {
    const sidebar = ['containers', 'images', 'volumes', 'networks', 'terminal', 'engines', 'system', 'activity'];
    const panels = [...sidebar, 'journal', 'learn', 'settings'];
    expect(panels.map((p) => panelKey(panels, p))).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', ',']);
    expect(panelAt(panels, 9)).toBe('learn');
    expect(panelAt(panels, 10)).toBeUndefined();
    // The settings keep "," wherever they stand; the others close up.
    const moved = ['settings', ...panels.slice(0, -1)];
    expect(moved.map((p) => panelKey(moved, p))).toEqual([',', '1', '2', '3', '4', '5', '6', '7', '8', '9', '0']);
    expect(panelKey([...panels, 'eleventh', 'twelfth'], 'twelfth')).toBeUndefined();
  });

  it('nothing fires while typing (a field, a terminal) or with a dialog open', () => {
    const presses = [
      key({ key: 'k', ctrlKey: true }),
      key({ key: '1', code: 'Digit1', ctrlKey: true }),
      key({ key: '1', code: 'Digit1', altKey: true }),
      key({ key: '0', code: 'Digit0', ctrlKey: true }),
      key({ key: ',', code: 'Comma', ctrlKey: true }),
      key({ key: '?', shiftKey: true }),
      key({ key: '/' }),
    ];
    for (const e of presses) {
      expect(shortcutFor(e, free)).toBeDefined();
      expect(shortcutFor(e, typing)).toBeUndefined();
      expect(shortcutFor(e, modal)).toBeUndefined();
    }
  });

  it('"?" and "/" only when not typing', () => {
    expect(shortcutFor(key({ key: '?', shiftKey: true }), free)).toEqual({ kind: 'help' });
    expect(shortcutFor(key({ key: '?', shiftKey: true }), typing)).toBeUndefined();
    expect(shortcutFor(key({ key: '/' }), free)).toEqual({ kind: 'filter' });
    expect(shortcutFor(key({ key: '/', ctrlKey: true }), free)).toBeUndefined();
  });

  it('knows when the user is typing', () => {
    expect(isTypingTarget({ tagName: 'INPUT' })).toBe(true);
    expect(isTypingTarget({ tagName: 'INPUT', type: 'search' })).toBe(true);
    expect(isTypingTarget({ tagName: 'INPUT', type: 'checkbox' })).toBe(false);
    expect(isTypingTarget({ tagName: 'textarea' })).toBe(true);
    expect(isTypingTarget({ tagName: 'SELECT' })).toBe(true);
    expect(isTypingTarget({ tagName: 'DIV', isContentEditable: true })).toBe(true);
    expect(isTypingTarget({ tagName: 'DIV', closest: (s: string) => (s.includes('.xterm') ? {} : null) })).toBe(true);
    expect(isTypingTarget({ tagName: 'BUTTON', closest: () => null })).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });

  it('writes the modifier as the platform does', () => {
    expect(modKey('MacIntel')).toBe('⌘');
    expect(modKey('Linux x86_64')).toBe('Ctrl');
    expect(modKey('Win32')).toBe('Ctrl');
  });
});
