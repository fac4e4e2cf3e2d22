import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NdjsonParser } from '../../../../main/engine/ndjson';

const encoder = new TextEncoder();

/** Feeds the chunks to a fresh parser (then end()) and returns what it produced. */
function parseChunks(chunks: (Uint8Array | string)[]): { values: unknown[]; malformed: string[] } {
  const values: unknown[] = [];
  const malformed: string[] = [];
  const parser = new NdjsonParser(
    (v) => values.push(v),
    (line) => malformed.push(line),
  );
  for (const c of chunks) parser.push(c);
  parser.end();
  return { values, malformed };
}

/** Cuts `bytes` at the given offsets (sorted, deduplicated, within range). */
function cut(bytes: Uint8Array, offsets: number[]): Uint8Array[] {
  const points = [...new Set(offsets)].filter((o) => o > 0 && o < bytes.length).sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const p of points) {
    chunks.push(bytes.subarray(from, p));
    from = p;
  }
  chunks.push(bytes.subarray(from));
  return chunks;
}

const ndjson = (values: unknown[]) => values.map((v) => JSON.stringify(v) + '\n').join('');

/** Values as they come back from a JSON round trip (-0 becomes 0, undefined keys vanish). */
const normalised = (values: unknown[]) => values.map((v) => JSON.parse(JSON.stringify(v)) as unknown);

const FIXTURE = [
  { status: '拉取完成', id: '镜像层', progress: '下载中…' },
  { emoji: '🐳🚢⚓️', mixed: 'a🐳b中c', flags: '🇨🇳🇬🇧' },
  { Type: 'container', Action: 'start', Actor: { ID: 'abc', Attributes: { name: '测试容器' } } },
  ['数组', '𝄞', 'é', 1, 2.5, null, true],
  '只是一个字符串',
  42,
];

describe('NdjsonParser', () => {
  it('emits several values held in one chunk, in order', () => {
    const { values, malformed } = parseChunks([encoder.encode('{"a":1}\n{"b":2}\n[3]\n"four"\n')]);
    expect(values).toEqual([{ a: 1 }, { b: 2 }, [3], 'four']);
    expect(malformed).toEqual([]);
  });

  it('keeps a value split across chunks until its newline arrives', () => {
    const produced: unknown[] = [];
    const parser = new NdjsonParser((v) => produced.push(v));
    parser.push(encoder.encode('{"Type":"cont'));
    expect(produced).toEqual([]);
    parser.push(encoder.encode('ainer","id":"x"}'));
    expect(produced).toEqual([]);
    parser.push(encoder.encode('\n{"n":'));
    expect(produced).toEqual([{ Type: 'container', id: 'x' }]);
    parser.push(encoder.encode('2}\n'));
    expect(produced).toEqual([{ Type: 'container', id: 'x' }, { n: 2 }]);
  });

  it('accepts string chunks and CRLF line endings, and skips blank lines', () => {
    const { values, malformed } = parseChunks(['{"a":1}\r\n\r\n   \n{"b"', ':2}\r\n']);
    expect(values).toEqual([{ a: 1 }, { b: 2 }]);
    expect(malformed).toEqual([]);
  });

  it('decodes a multi-byte character cut between two chunks', () => {
    const bytes = encoder.encode(JSON.stringify({ s: '中🐳' }) + '\n');
    // '中' is 3 bytes, '🐳' is 4: cut inside each of them.
    const start = bytes.indexOf(0xe4);
    expect(start).toBeGreaterThan(0);
    const { values } = parseChunks(cut(bytes, [start + 1, start + 2, start + 4, start + 5, start + 6]));
    expect(values).toEqual([{ s: '中🐳' }]);
  });

  it('parses a buffer with Chinese text and emoji split at EVERY offset', () => {
    const bytes = encoder.encode(ndjson(FIXTURE));
    const expected = normalised(FIXTURE);
    for (let offset = 0; offset <= bytes.length; offset++) {
      const { values, malformed } = parseChunks([bytes.subarray(0, offset), bytes.subarray(offset)]);
      expect(malformed, `split at ${offset}`).toEqual([]);
      expect(values, `split at ${offset}`).toEqual(expected);
    }
  });

  it('parses the fixture fed one byte at a time', () => {
    const bytes = encoder.encode(ndjson(FIXTURE));
    const chunks = Array.from({ length: bytes.length }, (_, i) => bytes.subarray(i, i + 1));
    expect(parseChunks(chunks).values).toEqual(normalised(FIXTURE));
  });

  it('property: any JSON values (full Unicode strings) survive splitting at random offsets', () => {
    const unicodeText = fc.string({ unit: 'binary', maxLength: 20 });
    const value = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      unicodeText,
      fc.dictionary(unicodeText, unicodeText, { maxKeys: 4 }),
      fc.constantFrom('中文日志行', '🐳 鲸鱼', '混合 mixed ✓ 🚀 text', '\u2028\u2029'),
    );
    fc.assert(
      fc.property(
        fc.array(value, { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 30 }),
        (values, rawOffsets) => {
          const bytes = encoder.encode(ndjson(values));
          const offsets = rawOffsets.map((o) => o % (bytes.length + 1));
          const { values: parsed, malformed } = parseChunks(cut(bytes, offsets));
          expect(malformed).toEqual([]);
          expect(parsed).toEqual(normalised(values));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('property: every single split offset of random Unicode values parses back', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 4 }),
        (strings) => {
          const bytes = encoder.encode(ndjson(strings));
          for (let offset = 0; offset <= bytes.length; offset++) {
            const { values } = parseChunks([bytes.subarray(0, offset), bytes.subarray(offset)]);
            expect(values).toEqual(strings);
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('sends malformed lines to onMalformed and keeps parsing later lines', () => {
    const values: unknown[] = [];
    const malformed: { line: string; error: unknown }[] = [];
    const parser = new NdjsonParser(
      (v) => values.push(v),
      (line, error) => malformed.push({ line, error }),
    );
    parser.push(encoder.encode('{"ok":1}\n{"broken":\nnot json at all\n{"ok":2}\n'));
    parser.push(encoder.encode('{"half":'));
    parser.push(encoder.encode('"done"}\n'));
    expect(values).toEqual([{ ok: 1 }, { ok: 2 }, { half: 'done' }]);
    expect(malformed.map((m) => m.line)).toEqual(['{"broken":', 'not json at all']);
    expect(malformed[0]?.error).toBeInstanceOf(SyntaxError);
  });

  it('ignores malformed lines silently when no onMalformed is given', () => {
    const values: unknown[] = [];
    const parser = new NdjsonParser((v) => values.push(v));
    expect(() => parser.push('garbage\n{"a":1}\n')).not.toThrow();
    expect(values).toEqual([{ a: 1 }]);
  });

  it('end() flushes a final line that has no newline', () => {
    const values: unknown[] = [];
    const parser = new NdjsonParser((v) => values.push(v));
    parser.push(encoder.encode('{"a":1}\n{"last":"行"}'));
    expect(values).toEqual([{ a: 1 }]);
    parser.end();
    expect(values).toEqual([{ a: 1 }, { last: '行' }]);
  });

  it('end() flushes a final line whose last character was cut mid-way', () => {
    const bytes = encoder.encode('{"s":"鲸"}');
    const values: unknown[] = [];
    const parser = new NdjsonParser((v) => values.push(v));
    parser.push(bytes.subarray(0, 7)); // inside the 3 bytes of '鲸'
    parser.push(bytes.subarray(7));
    parser.end();
    expect(values).toEqual([{ s: '鲸' }]);
  });

  it('end() reports a truncated final line as malformed, and a second end() emits nothing', () => {
    const { values, malformed } = parseChunks(['{"a":1}\n{"trunc']);
    expect(values).toEqual([{ a: 1 }]);
    expect(malformed).toEqual(['{"trunc']);

    const again: unknown[] = [];
    const parser = new NdjsonParser((v) => again.push(v));
    parser.push('{"x":1}');
    parser.end();
    parser.end();
    expect(again).toEqual([{ x: 1 }]);
  });
});
