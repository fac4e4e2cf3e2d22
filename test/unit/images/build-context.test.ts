import { afterEach, describe, expect, it } from 'vitest';
import { extract } from 'tar-stream';
import type { Readable } from 'node:stream';
import {
  DockerignoreMatcher,
  packBuildContext,
  parseDockerignore,
  prepareBuildContext,
  withBuildFiles,
} from '../../../main/services/build-context';
import { makeTempDir, type TempDir } from '../helpers/temp-dir';

let dir: TempDir | undefined;
afterEach(() => dir?.remove());

async function tarNames(stream: Readable): Promise<{ name: string; uid: number; size: number }[]> {
  const ex = extract();
  const out: { name: string; uid: number; size: number }[] = [];
  ex.on('entry', (h, s, next) => {
    out.push({ name: h.name, uid: h.uid ?? -1, size: h.size ?? 0 });
    s.on('end', next);
    s.resume();
  });
  const done = new Promise<void>((resolve, reject) => {
    ex.on('finish', resolve);
    ex.on('error', reject);
  });
  stream.pipe(ex as unknown as NodeJS.WritableStream);
  await done;
  return out;
}

describe('.dockerignore parsing', () => {
  it('drops comments and blanks, cleans paths, keeps exceptions', () => {
    expect(parseDockerignore('# c\n\n  node_modules/ \n/tmp\n!keep.txt\n./a/../b\n*.log\r\n')).toEqual([
      'node_modules',
      'tmp',
      '!keep.txt',
      'b',
      '*.log',
    ]);
  });

  it('matches as Docker does: anchored, * within one level, ** across, exceptions re-include', () => {
    const m = new DockerignoreMatcher(parseDockerignore('*.log\nsecret\n**/*.tmp\ndocs\n!docs/keep.md'));
    expect(m.ignores('a.log')).toBe(true);
    expect(m.ignores('sub/a.log')).toBe(false); // * does not cross folders
    expect(m.ignores('secret')).toBe(true);
    expect(m.ignores('secret/inner.txt')).toBe(true); // a folder's content goes with it
    expect(m.ignores('sub/secret')).toBe(false); // anchored at the context root
    expect(m.ignores('x/y/z.tmp')).toBe(true);
    expect(m.ignores('docs/a.md')).toBe(true);
    expect(m.ignores('docs/keep.md')).toBe(false);
    expect(m.mustDescend('docs')).toBe(true);
    expect(m.mustDescend('secret')).toBe(false);
  });

  it('always keeps the Dockerfile and .dockerignore', () => {
    const p = withBuildFiles(['*', '.dockerignore'], 'build/app.Dockerfile');
    const m = new DockerignoreMatcher(p);
    expect(m.ignores('.dockerignore')).toBe(false);
    expect(m.ignores('build/app.Dockerfile')).toBe(false);
    expect(m.ignores('other')).toBe(true);
  });
});

describe('build context', () => {
  it('lists and tars what Docker would send, owned by root, in lexical order', async () => {
    dir = makeTempDir();
    dir.write('Dockerfile', 'FROM scratch\n');
    dir.write('.dockerignore', 'node_modules\n*.secret\nlogs/*\n!logs/keep.log\nDockerfile\n');
    dir.write('app/main.js', 'console.log(1)\n');
    dir.write('app/empty.txt', '');
    dir.write('node_modules/x/index.js', 'x');
    dir.write('key.secret', 's');
    dir.write('logs/a.log', 'a');
    dir.write('logs/keep.log', 'k');
    const ctx = await prepareBuildContext(dir.root, 'Dockerfile');
    expect(ctx.dockerfile).toBe('Dockerfile');
    expect(ctx.entries.map((e) => e.rel)).toEqual([
      '.dockerignore',
      'Dockerfile',
      'app',
      'app/empty.txt',
      'app/main.js',
      'logs',
      'logs/keep.log',
    ]);
    const files = await tarNames(packBuildContext(dir.root, ctx));
    expect(files.map((f) => f.name)).toEqual([
      '.dockerignore',
      'Dockerfile',
      'app/',
      'app/empty.txt',
      'app/main.js',
      'logs/',
      'logs/keep.log',
    ]);
    expect(files.every((f) => f.uid === 0)).toBe(true);
    expect(files.find((f) => f.name === 'app/main.js')?.size).toBe(15);
  });

  it('refuses a missing Dockerfile, one outside the context, and a context that is not a folder', async () => {
    dir = makeTempDir();
    dir.write('README', 'x');
    await expect(prepareBuildContext(dir.root, 'Dockerfile')).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(/build without a Dockerfile/),
    });
    await expect(prepareBuildContext(dir.root, '../Dockerfile')).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(/inside the build context/),
    });
    await expect(prepareBuildContext(dir.path('README'), 'Dockerfile')).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(/not a folder/),
    });
  });

  it('stops packing when cancelled', async () => {
    dir = makeTempDir();
    dir.write('Dockerfile', 'FROM scratch\n');
    dir.write('big.bin', Buffer.alloc(4 * 1024 * 1024));
    const ctx = await prepareBuildContext(dir.root, 'Dockerfile');
    const ac = new AbortController();
    const tar = packBuildContext(dir.root, ctx, { signal: ac.signal });
    let bytes = 0;
    const errors: string[] = [];
    const closed = new Promise((r) => tar.once('close', r));
    tar.on('error', (e: Error) => errors.push(e.message));
    tar.on('data', (c: Buffer) => {
      bytes += c.length;
      if (bytes > 100_000) ac.abort();
    });
    await closed;
    expect(errors).toEqual(['cancelled']);
    expect(bytes).toBeLessThan(4 * 1024 * 1024);
    expect(tar.destroyed).toBe(true);
  });
});
