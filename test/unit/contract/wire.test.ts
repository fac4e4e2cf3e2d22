import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeWire, encodeWire, encodeWireFrame } from '../../../preload/contract/wire';

const bytes = (...xs: number[]) => new Uint8Array(xs);

describe('wire', () => {
  it('sends a message without bytes as JSON text', () => {
    const msg = { t: 'result', id: 1, envelope: { ok: true, value: { a: [1, 'x', null] } } };
    const frame = encodeWireFrame(msg);
    expect(typeof frame).toBe('string');
    expect(decodeWire(frame)).toEqual(msg);
  });

  it('sends bytes as one binary frame: a JSON header, then the arrays as they are', () => {
    const a = bytes(1, 2, 3);
    const b = new TextEncoder().encode('中文 output\n');
    const msg = { t: 'stream', sid: 's', msg: { t: 'frames', frames: [{ channel: 'stdout', data: a }, { data: b }] } };
    const frame = encodeWireFrame(msg);
    expect(frame).toBeInstanceOf(Uint8Array);
    const bin = frame as Uint8Array;
    // No base64 on the wire: the payload bytes follow the header verbatim.
    expect([...bin.subarray(bin.byteLength - a.byteLength - b.byteLength)]).toEqual([...a, ...b]);
    expect(decodeWire(bin)).toEqual(msg);
    // What a browser hands over: an ArrayBuffer of exactly the frame.
    expect(decodeWire(bin.slice().buffer)).toEqual(msg);
  });

  it('reads Node Buffers and views into larger buffers (Buffer.toJSON does not leak through)', () => {
    const big = new Uint8Array(64).fill(7);
    const view = big.subarray(10, 14);
    const msg = { data: Buffer.from('hi'), view };
    const decoded = decodeWire(encodeWireFrame(msg)) as { data: Uint8Array; view: Uint8Array };
    expect(new TextDecoder().decode(decoded.data)).toBe('hi');
    expect([...decoded.view]).toEqual([7, 7, 7, 7]);
  });

  it('still reads base64 text frames', () => {
    const msg = { t: 'stream.control', sid: 'x', msg: { t: 'write', data: bytes(3, 4) } };
    expect(decodeWire(encodeWire(msg))).toEqual(msg);
  });

  it('rejects malformed binary frames instead of reading past them', () => {
    expect(() => decodeWire(bytes(1, 2))).toThrow();
    expect(() => decodeWire(bytes(0, 1, 2, 3))).toThrow();
    const head = new TextEncoder().encode('{"data":{"$bin":[0,100]}}');
    const frame = new Uint8Array(4 + head.byteLength + 10);
    new DataView(frame.buffer).setUint32(0, head.byteLength, true);
    frame.set(head, 4);
    expect(() => decodeWire(frame)).toThrow(/out of bounds/);
  });

  it('round-trips any JSON value with byte arrays in it', () => {
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.string(),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.uint8Array({ maxLength: 64 }),
        fc.array(tie('node'), { maxLength: 4 }),
        fc.dictionary(
          fc.string().filter((k) => k !== '$bin' && k !== '$bytes' && k !== '__proto__'),
          tie('node'),
          { maxKeys: 4 },
        ),
      ),
    })).node;
    fc.assert(
      fc.property(value, (v) => {
        expect(decodeWire(encodeWireFrame(v))).toEqual(v);
      }),
    );
  });
});
