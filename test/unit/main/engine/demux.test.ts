import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Demuxer } from '../../../../main/engine/demux';
import type { OutputFrame } from '../../../../preload/contract/streams';

function mux(frames: { type: 1 | 2; text: string }[]): Buffer {
  return Buffer.concat(
    frames.map((f) => {
      const payload = Buffer.from(f.text, 'utf8');
      const header = Buffer.alloc(8);
      header[0] = f.type;
      header.writeUInt32BE(payload.length, 4);
      return Buffer.concat([header, payload]);
    }),
  );
}

/** Join output per channel: what a reader of stdout and of stderr would see. */
function byChannel(frames: OutputFrame[]) {
  const out = { stdout: [] as Uint8Array[], stderr: [] as Uint8Array[] };
  for (const f of frames) out[f.channel].push(f.data);
  return { stdout: Buffer.concat(out.stdout).toString('utf8'), stderr: Buffer.concat(out.stderr).toString('utf8') };
}

const sample = [
  { type: 1 as const, text: 'hello 世界\n' },
  { type: 2 as const, text: 'warning: 磁盘 🐳\n' },
  { type: 1 as const, text: '' },
  { type: 1 as const, text: 'x'.repeat(300) },
];

describe('Demuxer', () => {
  it('splits stdout from stderr in one chunk', () => {
    const got: OutputFrame[] = [];
    new Demuxer((f) => got.push(f)).push(mux(sample));
    expect(byChannel(got)).toEqual({ stdout: 'hello 世界\n' + 'x'.repeat(300), stderr: 'warning: 磁盘 🐳\n' });
    expect(got.every((f) => f.data.byteLength > 0)).toBe(true);
  });

  it('gives the same result when the stream is cut at every offset', () => {
    const whole = mux(sample);
    for (let cut = 0; cut <= whole.length; cut++) {
      const got: OutputFrame[] = [];
      const d = new Demuxer((f) => got.push(f));
      d.push(whole.subarray(0, cut));
      d.push(whole.subarray(cut));
      expect(byChannel(got)).toEqual(
        byChannel(
          (() => {
            const a: OutputFrame[] = [];
            new Demuxer((f) => a.push(f)).push(whole);
            return a;
          })(),
        ),
      );
      expect(d.buffered).toBe(0);
    }
  });

  it('property: any frames, any chunking, same channels and bytes', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            type: fc.constantFrom(1 as const, 2 as const),
            text: fc.string({ unit: 'grapheme', maxLength: 40 }),
          }),
          { maxLength: 12 },
        ),
        fc.array(fc.nat(), { maxLength: 8 }),
        (frames, cuts) => {
          const whole = mux(frames);
          const points = [...new Set(cuts.map((c) => c % (whole.length + 1)))].sort((a, b) => a - b);
          const got: OutputFrame[] = [];
          const d = new Demuxer((f) => got.push(f));
          let prev = 0;
          for (const p of [...points, whole.length]) {
            d.push(whole.subarray(prev, p));
            prev = p;
          }
          const expected = {
            stdout: frames
              .filter((f) => f.type === 1)
              .map((f) => f.text)
              .join(''),
            stderr: frames
              .filter((f) => f.type === 2)
              .map((f) => f.text)
              .join(''),
          };
          expect(byChannel(got)).toEqual(expected);
          expect(d.buffered).toBe(0);
        },
      ),
    );
  });

  it('holds an incomplete frame until the rest arrives', () => {
    const got: OutputFrame[] = [];
    const d = new Demuxer((f) => got.push(f));
    const whole = mux([{ type: 1, text: 'abc' }]);
    d.push(whole.subarray(0, 9));
    expect(got).toHaveLength(0);
    expect(d.buffered).toBe(9);
    d.push(whole.subarray(9));
    expect(byChannel(got).stdout).toBe('abc');
  });
});
