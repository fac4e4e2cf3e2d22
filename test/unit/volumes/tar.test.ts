import { pack } from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { FolderListing, TarReader, packTar, type TarHeader } from '../../../main/services/volumes.service';

/** A tar made by a real tar library (not ours), to read back. */
async function referenceTar(
  entries: { name: string; type?: 'directory' | 'file' | 'symlink'; body?: Buffer; linkname?: string }[],
) {
  const p = pack();
  for (const e of entries) {
    if (e.type === 'directory')
      p.entry({ name: e.name, type: 'directory', mode: 0o755, mtime: new Date(1_700_000_000_000) });
    else if (e.type === 'symlink') p.entry({ name: e.name, type: 'symlink', linkname: e.linkname ?? 'x' });
    else p.entry({ name: e.name, mode: 0o644, mtime: new Date(1_700_000_000_000) }, e.body ?? Buffer.alloc(0));
  }
  p.finalize();
  const chunks: Buffer[] = [];
  for await (const c of p as unknown as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks);
}

function readAll(tar: Uint8Array, split?: number) {
  const headers: TarHeader[] = [];
  const data = new Map<string, Buffer[]>();
  const r = new TarReader(
    (h) => headers.push(h),
    (h, chunk) => data.set(h.path, [...(data.get(h.path) ?? []), Buffer.from(chunk)]),
  );
  if (split === undefined) r.push(tar);
  else {
    r.push(tar.subarray(0, split));
    r.push(tar.subarray(split));
  }
  return { headers, data: new Map([...data].map(([k, v]) => [k, Buffer.concat(v).toString('utf8')])), done: r.done };
}

describe('TarReader', () => {
  it('reads entries, types, sizes, modes and data; stops at the end blocks', async () => {
    const tar = await referenceTar([
      { name: 'vol/', type: 'directory' },
      { name: 'vol/a.txt', body: Buffer.from('hello') },
      { name: 'vol/link', type: 'symlink', linkname: 'a.txt' },
    ]);
    const { headers, data, done } = readAll(tar);
    expect(done).toBe(true);
    expect(headers.map((h) => [h.path, h.type, h.size])).toEqual([
      ['vol/', 'dir', 0],
      ['vol/a.txt', 'file', 5],
      ['vol/link', 'symlink', 0],
    ]);
    expect(headers[1]?.mode).toBe(0o644);
    expect(headers[1]?.mtime).toBe(1_700_000_000);
    expect(headers[2]?.linkTarget).toBe('a.txt');
    expect(data.get('vol/a.txt')).toBe('hello');
  });

  it('gives the same result however the stream is split (every offset)', async () => {
    const long = `vol/${'deep/'.repeat(30)}文件.txt`;
    const tar = await referenceTar([
      { name: 'vol/', type: 'directory' },
      { name: long, body: Buffer.from('中文内容'.repeat(100)) },
      { name: 'vol/b', body: Buffer.alloc(700, 1) },
    ]);
    const whole = readAll(tar);
    expect(whole.headers.map((h) => h.path)).toEqual(['vol/', long, 'vol/b']);
    expect(whole.data.get(long)).toBe('中文内容'.repeat(100));
    for (let i = 0; i <= tar.length; i += 7) {
      const split = readAll(tar, i);
      expect(split.headers).toEqual(whole.headers);
      expect(split.data).toEqual(whole.data);
    }
  });

  it('reads GNU long names and base-256 sizes', () => {
    const name = `x/${'n'.repeat(150)}`;
    const block = (f: (b: Buffer) => void) => {
      const b = Buffer.alloc(512);
      f(b);
      return b;
    };
    const longName = Buffer.from(`${name}\0`);
    const gnu = block((b) => {
      b.write('././@LongLink', 0);
      b.write(`${longName.length.toString(8).padStart(11, '0')}\0`, 124);
      b.write('L', 156);
    });
    const header = block((b) => {
      b.write('short', 0);
      b.write('0000644\0', 100);
      b[124] = 0x80; // base-256 size: 3
      b[135] = 3;
      b.write('0', 156);
    });
    const pad = (n: number) => Buffer.alloc((512 - (n % 512)) % 512);
    const tar = Buffer.concat([
      gnu,
      longName,
      pad(longName.length),
      header,
      Buffer.from('abc'),
      pad(3),
      Buffer.alloc(1024),
    ]);
    const { headers, data } = readAll(tar);
    expect(headers).toMatchObject([{ path: name, type: 'file', size: 3 }]);
    expect(data.get(name)).toBe('abc');
  });
});

describe('packTar', () => {
  it('round-trips through the reader, with long and Chinese names', () => {
    const files = [
      { path: 'a', type: 'dir' as const },
      { path: 'a/b.txt', type: 'file' as const, bytes: Buffer.from('x'.repeat(1000)) },
      { path: `a/${'长'.repeat(60)}.bin`, type: 'file' as const, bytes: Buffer.from([0, 1, 2]) },
      { path: 'empty', type: 'file' as const, bytes: new Uint8Array(0) },
    ];
    const tar = packTar(files, 1_700_000_000);
    expect(tar.length % 512).toBe(0);
    const { headers, data } = readAll(tar);
    expect(headers.map((h) => [h.path, h.type, h.size])).toEqual([
      ['a/', 'dir', 0],
      ['a/b.txt', 'file', 1000],
      [`a/${'长'.repeat(60)}.bin`, 'file', 3],
      ['empty', 'file', 0],
    ]);
    expect(headers.every((h) => h.mtime === 1_700_000_000)).toBe(true);
    expect(data.get('a/b.txt')).toBe('x'.repeat(1000));
  });

  it('writes header checksums a real tar reader accepts', async () => {
    const { extract } = await import('tar-stream');
    const tar = packTar([{ path: '目录/f.txt', type: 'file', bytes: Buffer.from('hi') }]);
    const names: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const x = extract();
      x.on('entry', (h, stream, next) => {
        names.push(h.name);
        stream.on('end', next);
        stream.resume();
      });
      x.on('finish', resolve);
      x.on('error', reject);
      x.end(tar);
    });
    expect(names).toEqual(['目录/f.txt']);
  });
});

describe('FolderListing', () => {
  it('lists direct children, folders first, with folder totals', () => {
    const l = new FolderListing();
    const h = (path: string, type: TarHeader['type'], size = 0): TarHeader => ({
      path,
      type,
      size,
      mode: 0o644,
      mtime: 1,
    });
    for (const e of [
      h('volume/', 'dir'),
      h('volume/z.txt', 'file', 5),
      h('volume/sub/', 'dir'),
      h('volume/sub/a', 'file', 10),
      h('volume/sub/deeper/b', 'file', 20),
      h('volume/implicit/c', 'file', 3),
      { ...h('volume/ln', 'symlink'), linkTarget: '/etc' },
    ])
      l.add(e);
    expect(l.entries().map((e) => [e.name, e.type, e.size])).toEqual([
      ['implicit', 'dir', 3],
      ['sub', 'dir', 30],
      ['ln', 'symlink', 0],
      ['z.txt', 'file', 5],
    ]);
    expect(l.entries().find((e) => e.name === 'ln')?.linkTarget).toBe('/etc');
  });
});
