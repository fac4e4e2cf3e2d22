import { describe, expect, it } from 'vitest';
import { Demuxer, readLookup, readPing, readWget, type ExecOutcome } from '../../../main/services/networks.service';

const frame = (stream: number, text: string) => {
  const payload = Buffer.from(text);
  const h = Buffer.alloc(8);
  h[0] = stream;
  h.writeUInt32BE(payload.length, 4);
  return Buffer.concat([h, payload]);
};

describe('Demuxer', () => {
  it('splits stdout and stderr frames whatever the chunk borders (every offset, UTF-8 intact)', () => {
    const stream = Buffer.concat([
      frame(1, 'PING 中文 (10.0.0.2)\n'),
      frame(2, 'warn: 警告\n'),
      frame(1, ''),
      frame(1, 'end\n'),
    ]);
    const collect = (parts: Buffer[]) => {
      const out: Record<number, Buffer[]> = { 1: [], 2: [] };
      const d = new Demuxer((s, p) => out[s]?.push(Buffer.from(p)));
      for (const p of parts) d.push(p);
      return { out: Buffer.concat(out[1] ?? []).toString(), err: Buffer.concat(out[2] ?? []).toString() };
    };
    const whole = collect([stream]);
    expect(whole).toEqual({ out: 'PING 中文 (10.0.0.2)\nend\n', err: 'warn: 警告\n' });
    for (let i = 0; i <= stream.length; i++) {
      for (const j of [i, Math.min(stream.length, i + 3)]) {
        expect(collect([stream.subarray(0, i), stream.subarray(i, j), stream.subarray(j)])).toEqual(whole);
      }
    }
  });

  it('passes a stream that is not multiplexed through as stdout', () => {
    const seen: string[] = [];
    new Demuxer((_s, p) => seen.push(p.toString())).push(Buffer.from('plain text output'));
    expect(seen.join('')).toBe('plain text output');
  });
});

const o = (exitCode: number | undefined, output: string, extra: Partial<ExecOutcome> = {}): ExecOutcome => ({
  ...(exitCode !== undefined ? { exitCode } : {}),
  output,
  timedOut: false,
  missing: false,
  ...extra,
});

describe('reading probe output', () => {
  it('ping: reached, not resolved, resolved but silent', () => {
    expect(readPing(o(0, 'PING b (10.213.0.3): 56 data bytes\n64 bytes from 10.213.0.3'))).toEqual({
      resolved: 'yes',
      reached: 'yes',
      address: '10.213.0.3',
    });
    expect(readPing(o(1, "ping: bad address 'nope'"))).toEqual({ resolved: 'no', reached: 'no' });
    expect(readPing(o(2, 'ping: unknown host nope'))).toEqual({ resolved: 'no', reached: 'no' });
    expect(readPing(o(1, 'PING b (10.213.0.3): 56 data bytes\n1 packets transmitted, 0 packets received'))).toEqual({
      resolved: 'yes',
      reached: 'no',
      address: '10.213.0.3',
    });
    expect(readPing(o(1, 'ping: permission denied (are you root?)'))).toEqual({
      resolved: 'unknown',
      reached: 'unknown',
    });
  });

  it('getent / nslookup', () => {
    expect(readLookup(o(0, '10.213.0.3      b\n'), 'b')).toEqual({ resolved: 'yes', address: '10.213.0.3' });
    expect(readLookup(o(2, ''), 'b')).toEqual({ resolved: 'no' });
    expect(
      readLookup(o(0, 'Server:\t\t127.0.0.11\nAddress:\t127.0.0.11:53\n\nName:\tb\nAddress: 10.213.0.3\n'), 'b'),
    ).toEqual({ resolved: 'yes', address: '10.213.0.3' });
    expect(readLookup(o(1, "** server can't find nope: NXDOMAIN"), 'nope')).toEqual({ resolved: 'no' });
  });

  it('wget: refused still means reached', () => {
    expect(readWget(o(1, "wget: can't connect to remote host (10.213.0.3): Connection refused"))).toEqual({
      resolved: 'yes',
      reached: 'yes',
    });
    expect(readWget(o(1, "wget: bad address 'nope'"))).toEqual({ resolved: 'no', reached: 'no' });
    expect(readWget(o(1, 'wget: download timed out'))).toEqual({ resolved: 'yes', reached: 'no' });
    expect(readWget(o(0, ''))).toEqual({ resolved: 'yes', reached: 'yes' });
  });
});
