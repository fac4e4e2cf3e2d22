/**
 * ANSI colour in log lines, rendered safely: SGR colour and emphasis become
 * styles on text spans; every other escape sequence (cursor moves, OSC
 * titles, hyperlinks, clipboard) and control character is dropped. Never HTML.
 */
export interface AnsiStyle {
  /** 0–15: a theme palette entry (CSS class); a string: an exact #rrggbb. */
  fg?: number | string;
  bg?: number | string;
  bold?: boolean;
  dim?: boolean;
  italic?: boolean;
  underline?: boolean;
  inverse?: boolean;
  strike?: boolean;
}
export interface AnsiSegment {
  text: string;
  style: AnsiStyle;
}

const hex = (n: number) => n.toString(16).padStart(2, '0');
const rgb = (r: number, g: number, b: number) => `#${hex(r & 255)}${hex(g & 255)}${hex(b & 255)}`;

/** The xterm 256-colour palette above 15 (the 6×6×6 cube, then 24 greys). */
export function color256(n: number): number | string {
  if (n < 16) return n;
  if (n < 232) {
    const levels = [0, 95, 135, 175, 215, 255];
    const i = n - 16;
    return rgb(levels[Math.floor(i / 36)]!, levels[Math.floor(i / 6) % 6]!, levels[i % 6]!);
  }
  const g = 8 + (n - 232) * 10;
  return rgb(g, g, g);
}

function applySgr(params: number[], s: AnsiStyle): AnsiStyle {
  let st = { ...s };
  if (params.length === 0) params = [0];
  for (let i = 0; i < params.length; i++) {
    const p = params[i]!;
    if (p === 0) st = {};
    else if (p === 1) st.bold = true;
    else if (p === 2) st.dim = true;
    else if (p === 3) st.italic = true;
    else if (p === 4) st.underline = true;
    else if (p === 7) st.inverse = true;
    else if (p === 9) st.strike = true;
    else if (p === 22) st.bold = st.dim = undefined;
    else if (p === 23) st.italic = undefined;
    else if (p === 24) st.underline = undefined;
    else if (p === 27) st.inverse = undefined;
    else if (p === 29) st.strike = undefined;
    else if (p >= 30 && p <= 37) st.fg = p - 30;
    else if (p >= 90 && p <= 97) st.fg = p - 90 + 8;
    else if (p === 39) st.fg = undefined;
    else if (p >= 40 && p <= 47) st.bg = p - 40;
    else if (p >= 100 && p <= 107) st.bg = p - 100 + 8;
    else if (p === 49) st.bg = undefined;
    else if (p === 38 || p === 48) {
      const key = p === 38 ? 'fg' : 'bg';
      if (params[i + 1] === 5 && params[i + 2] !== undefined) {
        st[key] = color256(Math.min(255, params[i + 2]!));
        i += 2;
      } else if (params[i + 1] === 2 && params[i + 4] !== undefined) {
        st[key] = rgb(params[i + 2]!, params[i + 3]!, params[i + 4]!);
        i += 4;
      } else break;
    }
  }
  for (const k of Object.keys(st) as (keyof AnsiStyle)[]) if (st[k] === undefined) delete st[k];
  return st;
}

/** Split one line into styled segments. */
export function parseAnsi(line: string): AnsiSegment[] {
  const out: AnsiSegment[] = [];
  let style: AnsiStyle = {};
  let text = '';
  const flush = () => {
    if (!text) return;
    const prev = out[out.length - 1];
    if (prev && sameStyle(prev.style, style)) prev.text += text;
    else out.push({ text, style });
    text = '';
  };
  const n = line.length;
  let i = 0;
  while (i < n) {
    const c = line.charCodeAt(i);
    if (c === 0x1b || c === 0x9b) {
      // CSI: ESC [ params final  (or the 8-bit CSI 0x9b)
      if (c === 0x9b || line[i + 1] === '[') {
        let j = c === 0x9b ? i + 1 : i + 2;
        while (j < n && !(line.charCodeAt(j) >= 0x40 && line.charCodeAt(j) <= 0x7e)) j++;
        if (j < n && line[j] === 'm') {
          const body = line.slice(c === 0x9b ? i + 1 : i + 2, j);
          if (/^[\d;:]*$/.test(body)) {
            flush();
            const params =
              body === '' ? [] : body.split(/[;:]/).map((x) => (x === '' ? 0 : Math.min(Number(x), 65535)));
            style = applySgr(params, style);
          }
        }
        i = j + 1;
        continue;
      }
      // OSC (titles, hyperlinks, clipboard…): dropped up to BEL or ESC \
      if (line[i + 1] === ']' || line[i + 1] === 'P' || line[i + 1] === '_' || line[i + 1] === '^') {
        let j = i + 2;
        while (j < n && line.charCodeAt(j) !== 0x07 && !(line.charCodeAt(j) === 0x1b && line[j + 1] === '\\')) j++;
        i = j < n && line.charCodeAt(j) === 0x07 ? j + 1 : j + 2;
        continue;
      }
      // Charset designation and other two- or three-byte escapes.
      i += line[i + 1] === '(' || line[i + 1] === ')' || line[i + 1] === '#' || line[i + 1] === '%' ? 3 : 2;
      continue;
    }
    if ((c < 0x20 && c !== 0x09) || c === 0x7f || (c >= 0x80 && c < 0xa0)) {
      i++;
      continue;
    }
    text += line[i];
    i++;
  }
  flush();
  return out;
}

function sameStyle(a: AnsiStyle, b: AnsiStyle): boolean {
  const ka = Object.keys(a) as (keyof AnsiStyle)[];
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => a[k] === b[k]);
}

/** The text of a line without any escape sequence or control character. */
export function stripAnsi(line: string): string {
  // Fast path: most log lines have nothing to strip.
  // eslint-disable-next-line no-control-regex
  if (!/[\x00-\x08\x0a-\x1f\x7f-\x9f]/.test(line)) return line;
  return parseAnsi(line)
    .map((s) => s.text)
    .join('');
}

export interface MarkedSegment extends AnsiSegment {
  hit: boolean;
}

/** Cut styled segments at match ranges (offsets into their joined text), marking the parts that match. */
export function markRanges(segments: AnsiSegment[], ranges: [number, number][]): MarkedSegment[] {
  if (ranges.length === 0) return segments.map((s) => ({ ...s, hit: false }));
  const out: MarkedSegment[] = [];
  let pos = 0;
  let r = 0;
  for (const seg of segments) {
    const end = pos + seg.text.length;
    let cur = pos;
    while (cur < end) {
      while (r < ranges.length && ranges[r]![1] <= cur) r++;
      const range = ranges[r];
      if (!range || range[0] >= end) {
        out.push({ text: seg.text.slice(cur - pos), style: seg.style, hit: false });
        cur = end;
      } else if (range[0] > cur) {
        out.push({ text: seg.text.slice(cur - pos, range[0] - pos), style: seg.style, hit: false });
        cur = range[0];
      } else {
        const stop = Math.min(end, range[1]);
        out.push({ text: seg.text.slice(cur - pos, stop - pos), style: seg.style, hit: true });
        cur = stop;
      }
    }
    pos = end;
  }
  return out;
}
