import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { translator } from '../../../../main/shell/main-messages';
import { escapeMarkup, menuLabel, plainText } from '../../../../main/shell/native-text';
import { nativeNotification, notificationFor } from '../../../../main/shell/notifications';
import { toTemplate } from '../../../../main/shell/tray';
import { buildTrayMenu, type TrayItem } from '../../../../main/shell/tray-menu';
import type { ContainerSummary } from '../../../../preload/contract/containers.contract';
import { Settings } from '../../../../preload/contract/settings.contract';
import type { EngineStatus } from '../../../../preload/contract/system.contract';

// The tray and desktop notifications show strings from the engine (names,
// versions, error messages) and from the user (engine names) in native UI:
// menus read `&` as a mnemonic, Linux notification bodies are markup, and
// control or bidi characters would be shown as they are. A remote engine may
// be hostile, so its names are not trusted to follow its own grammar.
const HOSTILE = [
  '<img src=x onerror=alert(1)>',
  '<b>bold</b> & <a href="javascript:alert(1)">x</a>',
  'javascript:alert(1)',
  'line1\nline2\r\nline3',
  '\u001b]0;title\u0007\u001b[31mred\u001b[0m',
  '\u009b31m c1-csi',
  'tab\there\u0000nul',
  'invoice\u202egnp.exe',
  '\u2066isolate\u2069 \u200fmark',
  'Tom & Jerry && co',
  '&File',
  '中文名称-容器',
  '😀'.repeat(100),
  'x'.repeat(10_000),
];
// eslint-disable-next-line no-control-regex -- asserting control characters are gone
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

const t = translator('en');
const connected = (version = '20.10.24'): EngineStatus => ({
  state: 'connected',
  endpoint: 'unix:///var/run/docker.sock',
  source: 'default',
  engineVersion: version,
  generation: 1,
});
const container = (name: string, state: ContainerSummary['state'], i: number): ContainerSummary => ({
  id: `${i.toString(16).padStart(12, '0')}`,
  name,
  image: 'busybox',
  imageId: 'sha256:x',
  command: 'sh',
  created: i,
  state,
  status: '',
  ports: [],
  labels: {},
});
const allItems = (items: TrayItem[]): TrayItem[] => items.flatMap((i) => [i, ...allItems(i.submenu ?? [])]);

describe('plainText', () => {
  it.each(HOSTILE)('makes %j one bounded line without control or bidi characters', (s) => {
    const out = plainText(s);
    expect(out).not.toMatch(UNSAFE);
    expect(Array.from(out).length).toBeLessThanOrEqual(80);
  });

  it('keeps what is harmless, as it is', () => {
    expect(plainText('web-1')).toBe('web-1');
    expect(plainText('<b>x</b> & y')).toBe('<b>x</b> & y');
    expect(plainText('中文名称')).toBe('中文名称');
    expect(plainText('a\nb')).toBe('a b');
  });

  it('cuts on characters, never inside a surrogate pair, and says so', () => {
    const out = plainText('😀'.repeat(100), 10);
    expect(Array.from(out)).toHaveLength(10);
    expect(out.endsWith('…')).toBe(true);
    expect(out).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it('property: any string becomes a safe bounded line', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 500 }), fc.integer({ min: 1, max: 200 }), (s, max) => {
        const out = plainText(s, max);
        expect(out).not.toMatch(UNSAFE);
        expect(Array.from(out).length).toBeLessThanOrEqual(max);
      }),
    );
  });
});

describe('tray menu with hostile names', () => {
  const hostileState = () => ({
    engine: connected('<b>1.0</b>\n& evil'),
    containers: [
      ...HOSTILE.map((n, i) => container(n, 'running', i + 1)),
      ...HOSTILE.slice(0, 5).map((n, i) => container(n, 'exited', 100 + i)),
    ],
    engines: [
      { id: 'a', name: 'Tom & Jerry\u202e', active: true },
      { id: 'b', name: '<script>x</script>\nsecond line', active: false },
    ],
  });

  it('labels every item with one bounded line of plain text, and keeps the ids of the actions', () => {
    const menu = buildTrayMenu(hostileState(), t);
    for (const item of allItems(menu)) {
      if (item.label === undefined) continue;
      expect(item.label).not.toMatch(UNSAFE);
      expect(Array.from(item.label).length).toBeLessThanOrEqual(80);
    }
    // The action still names the container by its id, untouched by the label's cleaning.
    const ids = allItems(menu)
      .map((i) => i.action)
      .filter((a) => a?.kind === 'container')
      .map((a) => (a as { id: string }).id);
    expect(new Set(ids).size).toBe(HOSTILE.length + 5);
    expect(allItems(menu).find((i) => i.label?.startsWith('Engine connected'))?.label).toBe(
      'Engine connected · Docker <b>1.0</b> & evil',
    );
  });

  it('shows every & literally in Electron (a single & would be a mnemonic)', () => {
    const template = toTemplate(buildTrayMenu(hostileState(), t), () => {});
    const labels: string[] = [];
    const walk = (xs: typeof template) => {
      for (const x of xs) {
        if (typeof x.label === 'string') labels.push(x.label);
        if (Array.isArray(x.submenu)) walk(x.submenu);
      }
    };
    walk(template);
    for (const l of labels) expect(l.replace(/&&/g, '')).not.toContain('&');
    expect(labels).toContain('Tom && Jerry');
    expect(labels).toContain('Engine connected · Docker <b>1.0</b> && evil');
    expect(menuLabel('a&&b&')).toBe('a&&&&b&&');
  });

  it('property: whatever the names, labels stay plain and bounded', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 300 }), { maxLength: 20 }), (names) => {
        const menu = buildTrayMenu(
          { engine: connected(), containers: names.map((n, i) => container(n, i % 2 ? 'running' : 'exited', i)) },
          t,
        );
        for (const item of allItems(menu)) {
          if (item.label === undefined) continue;
          expect(item.label).not.toMatch(UNSAFE);
          expect(Array.from(item.label).length).toBeLessThanOrEqual(80);
        }
      }),
    );
  });
});

describe('notifications with hostile names', () => {
  const settings = Settings.parse({});
  const die = (name: string, image: string) => ({
    Type: 'container',
    Action: 'die',
    Actor: { ID: 'f'.repeat(64), Attributes: { name, image, exitCode: '1' } },
  });

  it('says who exited in plain text, whatever the engine calls it', () => {
    const n = notificationFor(die('<b>web</b>\u202e\ncode', '<img src=x onerror=alert(1)>'), settings, t);
    expect(n?.title).toBe('<b>web</b> code exited with code 1');
    expect(n?.body).toBe('Image <img src=x onerror=alert(1)>');
    expect(n?.containerId).toBe('f'.repeat(64));
  });

  it('escapes the body for Linux notification servers (markup), not elsewhere', () => {
    const n = notificationFor(die('Tom & Jerry', '<a href="javascript:alert(1)">x</a>'), settings, t)!;
    expect(nativeNotification(n, 'linux')).toEqual({
      title: 'Tom & Jerry exited with code 1',
      body: 'Image &lt;a href=&quot;javascript:alert(1)&quot;&gt;x&lt;/a&gt;',
    });
    expect(nativeNotification(n, 'darwin').body).toBe('Image <a href="javascript:alert(1)">x</a>');
    expect(nativeNotification(n, 'win32').body).toBe('Image <a href="javascript:alert(1)">x</a>');
  });

  it('cleans the tray’s error reports too (the engine’s own message)', () => {
    const out = nativeNotification(
      { title: 'Stop\n', body: `Error: <b>no</b> & \u001b[31m${'x'.repeat(5000)}` },
      'linux',
    );
    expect(out.title).toBe('Stop');
    expect(out.body.startsWith('Error: &lt;b&gt;no&lt;/b&gt; &amp; [31mxxx')).toBe(true);
    expect(out.body).not.toMatch(UNSAFE);
    expect(out.body.length).toBeLessThan(400);
  });

  it('property: a Linux body never carries a tag or a bare ampersand', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ maxLength: 300 }), (title, body) => {
        const out = nativeNotification({ title, body }, 'linux');
        expect(out.body).not.toMatch(/[<>]/);
        expect(out.body).not.toMatch(/&(?!(amp|lt|gt|quot|#39);)/);
        expect(out.title).not.toMatch(UNSAFE);
        expect(out.body).not.toMatch(UNSAFE);
      }),
    );
    expect(escapeMarkup(`<&>"'`)).toBe('&lt;&amp;&gt;&quot;&#39;');
  });
});
