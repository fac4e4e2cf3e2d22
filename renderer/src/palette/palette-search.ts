/** The command palette's matching and ranking, pure (unit-tested). */

export type PaletteGroup = 'panel' | 'action' | 'container' | 'image' | 'volume' | 'network' | 'concept';

export interface PaletteItem {
  /** Unique among the items (group:id). */
  key: string;
  group: PaletteGroup;
  label: string;
  /** A second line: id, image, driver… (searched too). */
  detail?: string;
  /** More words that find it (not shown). */
  keywords?: string;
}

const GROUP_ORDER: PaletteGroup[] = ['panel', 'action', 'container', 'image', 'volume', 'network', 'concept'];
const BOUNDARY = /[\s\-_/:.@]/;

/**
 * How well `text` matches one query token (higher is better, -1: not at all):
 * whole text > prefix > start of a word > anywhere > letters in order.
 */
export function tokenScore(text: string, token: string): number {
  const t = text.toLowerCase();
  const q = token.toLowerCase();
  if (!q) return 0;
  if (t === q) return 1000;
  if (t.startsWith(q)) return 900 - Math.min(100, t.length - q.length);
  let at = t.indexOf(q);
  let best = -1;
  while (at >= 0) {
    const score = at === 0 || BOUNDARY.test(t[at - 1]!) ? 700 - Math.min(100, at) : 500 - Math.min(100, at);
    best = Math.max(best, score);
    at = t.indexOf(q, at + 1);
  }
  if (best >= 0) return best;
  // Letters in order ("ngx" finds "nginx"): the tighter, the better.
  let from = 0;
  let first = -1;
  let last = -1;
  for (const ch of q) {
    const i = t.indexOf(ch, from);
    if (i < 0) return -1;
    if (first < 0) first = i;
    last = i;
    from = i + 1;
  }
  return 300 - Math.min(200, last - first - q.length + 1) - Math.min(50, first);
}

/** Every token must match the label, the detail or the keywords; the label counts most. */
export function itemScore(item: PaletteItem, query: string): number {
  const tokens = query.trim().split(/\s+/).filter(Boolean);
  if (tokens.length === 0) return 0;
  let total = 0;
  for (const token of tokens) {
    const s = Math.max(
      tokenScore(item.label, token),
      item.detail ? tokenScore(item.detail, token) - 150 : -1,
      item.keywords ? tokenScore(item.keywords, token) - 200 : -1,
    );
    if (s < 0) return -1;
    total += s;
  }
  return total;
}

/**
 * The items to show for a query, best first (ties: panels, then actions,
 * then objects, then concepts; then by label). An empty query shows panels
 * and actions only, in their own order.
 */
export function rankItems(items: readonly PaletteItem[], query: string, limit = 50): PaletteItem[] {
  if (!query.trim()) return items.filter((i) => i.group === 'panel' || i.group === 'action').slice(0, limit);
  return items
    .map((item, index) => ({ item, index, score: itemScore(item, query) }))
    .filter((x) => x.score >= 0)
    .sort(
      (a, b) =>
        b.score - a.score ||
        GROUP_ORDER.indexOf(a.item.group) - GROUP_ORDER.indexOf(b.item.group) ||
        a.item.label.localeCompare(b.item.label) ||
        a.index - b.index,
    )
    .slice(0, limit)
    .map((x) => x.item);
}
