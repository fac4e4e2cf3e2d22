import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { useCallback, useLayoutEffect, useRef, useState, type FocusEvent, type RefCallback } from 'react';

/**
 * Above this many rows a table renders only the rows in view (plus overscan).
 * Below it every row is in the DOM, as before: find-in-page, tests that look
 * rows up by text and screen readers browsing the table all see everything.
 */
export const VIRTUAL_THRESHOLD = 200;

/** Spread on each row's <tr>: measures it, and tells assistive technology where it is in the whole table. */
export interface VirtualRowProps {
  'data-index': number;
  'aria-rowindex'?: number;
  ref?: RefCallback<HTMLTableRowElement>;
}

/** What to put in a <tbody>: rows to render, and gaps standing in for the rows that are not. */
export type Slot<T> = { kind: 'row'; index: number; item: T } | { kind: 'gap'; key: string; height: number };

export interface VirtualRows<T> {
  /** True when only part of the rows is rendered. */
  virtual: boolean;
  slots: Slot<T>[];
  /** Spread on the <tbody>. */
  bodyProps: {
    ref: RefCallback<HTMLTableSectionElement>;
    onFocus(e: FocusEvent): void;
    onBlur(e: FocusEvent): void;
  };
  rowProps(index: number): VirtualRowProps;
  /** For the <table>: the number of rows in all, header row included, when some are not rendered. */
  ariaRowCount: number | undefined;
}

/**
 * The nearest ancestor that scrolls the rows vertically: the first with overflow-y auto or scroll whose content
 * is taller than it. A table's wrapper has `overflow: auto` for wide tables, which makes its overflow-y auto
 * too, but it grows with the table and never scrolls; taking it would make every row "in view".
 */
function scrollParent(el: HTMLElement): HTMLElement | null {
  let first: HTMLElement | null = null;
  for (let e = el.parentElement; e; e = e.parentElement) {
    if (!/(auto|scroll)/.test(getComputedStyle(e).overflowY)) continue;
    first ??= e;
    if (e.scrollHeight > e.clientHeight + 1) return e;
  }
  return first ?? (el.ownerDocument.scrollingElement as HTMLElement | null);
}

/**
 * Virtual rows for a table scrolled by an ancestor (its wrapper, the content
 * pane, or the page). Rows may differ in height: each rendered row is measured. The row
 * holding the keyboard focus stays rendered however far the list scrolls, so
 * focus is never dropped to the page; Tab from the last rendered row scrolls
 * the next one into view, and overscan renders it before it gets there.
 */
export function useVirtualRows<T>(
  items: readonly T[],
  {
    estimateSize = 44,
    overscan = 10,
    threshold = VIRTUAL_THRESHOLD,
    getKey,
  }: { estimateSize?: number; overscan?: number; threshold?: number; getKey(item: T): string },
): VirtualRows<T> {
  const virtual = items.length > threshold;
  const [body, setBody] = useState<HTMLTableSectionElement | null>(null);
  const [scrollMargin, setScrollMargin] = useState(0);
  const focused = useRef<number | undefined>(undefined);
  // Looked up after each render (the virtualizer asks in a layout effect), once the rows' full height is laid
  // out: before that nothing scrolls yet.
  const scroller = useCallback(() => body && scrollParent(body), [body]);
  const rangeExtractor = useCallback((range: Range) => {
    const list = defaultRangeExtractor(range);
    const f = focused.current;
    if (f === undefined || f >= range.count || list.includes(f)) return list;
    return [...list, f].sort((a, b) => a - b);
  }, []);

  // The virtualizer hands out fresh measurements on every render, which the React compiler cannot memoize.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: virtual ? items.length : 0,
    getScrollElement: scroller,
    estimateSize: () => estimateSize,
    overscan,
    scrollMargin,
    rangeExtractor,
    getItemKey: (i) => (items[i] === undefined ? i : getKey(items[i])),
  });

  // Where the rows start in the scroller's content: banners and toolbars above the table move it, so it is
  // measured after every render (one layout read); it is set only when it moved, which ends the chain.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useLayoutEffect(() => {
    if (!virtual || !body) return;
    const el = scroller();
    if (!el) return;
    const margin = body.getBoundingClientRect().top - el.getBoundingClientRect().top + el.scrollTop;
    if (Math.abs(margin - scrollMargin) > 1) setScrollMargin(margin);
  });

  const bodyProps = {
    ref: setBody,
    onFocus: (e: FocusEvent) => {
      const row = (e.target as Element).closest('tr[data-index]');
      focused.current = row ? Number(row.getAttribute('data-index')) : undefined;
    },
    onBlur: (e: FocusEvent) => {
      if (!body?.contains(e.relatedTarget as Node | null)) focused.current = undefined;
    },
  };

  if (!virtual) {
    return {
      virtual,
      slots: items.map((item, index): Slot<T> => ({ kind: 'row', index, item })),
      bodyProps,
      rowProps: (index) => ({ 'data-index': index }),
      ariaRowCount: undefined,
    };
  }

  const slots: Slot<T>[] = [];
  let cursor = scrollMargin;
  for (const v of virtualizer.getVirtualItems()) {
    const item = items[v.index];
    if (item === undefined) continue;
    if (v.start > cursor + 0.5) slots.push({ kind: 'gap', key: `gap-${v.index}`, height: v.start - cursor });
    slots.push({ kind: 'row', index: v.index, item });
    cursor = v.end;
  }
  const end = virtualizer.getTotalSize() + scrollMargin;
  if (end > cursor + 0.5) slots.push({ kind: 'gap', key: 'gap-end', height: end - cursor });

  return {
    virtual,
    slots,
    bodyProps,
    rowProps: (index) => ({ 'data-index': index, 'aria-rowindex': index + 2, ref: virtualizer.measureElement }),
    ariaRowCount: items.length + 1,
  };
}

/** Stands in for rows that are not rendered, so the scrollbar and the rows' positions stay right. */
export function GapRow({ height, colSpan }: { height: number; colSpan: number }) {
  return (
    <tr className="virtual-gap" aria-hidden="true">
      <td colSpan={colSpan} style={{ height, padding: 0, border: 'none' }} />
    </tr>
  );
}
