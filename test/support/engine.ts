/**
 * Test helpers that talk to the real engine directly (not through Berth), so
 * tests can set up state and check the engine's own view afterwards.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import Docker from 'dockerode';
import { pack } from 'tar-stream';

export const SOCKET = process.env.BERTH_TEST_SOCKET ?? '/var/run/docker.sock';
export const TEST_IMAGE = 'berth-test/busybox:latest';
/** Every resource a test creates carries this label, and is removed afterwards. */
export const RUN_ID = process.env.BERTH_TEST_RUN ?? randomBytes(4).toString('hex');
export const LABELS = { 'berth.test': RUN_ID };

export const docker = (socketPath = SOCKET) => new Docker({ socketPath });

const APPLETS = [
  'sh',
  'ls',
  'cat',
  'echo',
  'sleep',
  'ping',
  'hostname',
  'top',
  'ps',
  'httpd',
  'wget',
  'ip',
  'mkdir',
  'touch',
  'vi',
  'yes',
  'seq',
  'head',
  'env',
  'id',
  'kill',
  'nc',
];

/** Import the offline busybox test image (from Debian's busybox-static) unless present. */
export async function ensureTestImage(d: Docker = docker()): Promise<void> {
  try {
    await d.getImage(TEST_IMAGE).inspect();
    return;
  } catch {
    /* import it */
  }
  const tar = pack();
  tar.entry({ name: 'bin/', type: 'directory', mode: 0o755 });
  tar.entry({ name: 'tmp/', type: 'directory', mode: 0o1777 });
  tar.entry({ name: 'etc/', type: 'directory', mode: 0o755 });
  tar.entry(
    { name: 'etc/passwd', mode: 0o644 },
    'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/sh\n',
  );
  tar.entry({ name: 'bin/busybox', mode: 0o755 }, readFileSync('/bin/busybox'));
  for (const a of APPLETS) tar.entry({ name: `bin/${a}`, type: 'symlink', linkname: 'busybox' });
  tar.finalize();
  const [repo, tag] = TEST_IMAGE.split(':') as [string, string];
  const stream = await d.importImage(tar as unknown as NodeJS.ReadableStream, {
    repo,
    tag,
    changes: ['CMD ["/bin/sh"]'],
  });
  await new Promise<void>((resolve, reject) =>
    d.modem.followProgress(stream, (err: Error | null, out: { error?: string }[]) => {
      const failed = out?.find((o) => o.error);
      if (err || failed) reject(err ?? new Error(failed?.error));
      else resolve();
    }),
  );
}

export const uniqueName = (prefix: string) => `berth-${prefix}-${RUN_ID}-${randomBytes(3).toString('hex')}`;

/** A labelled container of the test image. */
export async function createContainer(
  opts: { name?: string; cmd?: string[]; start?: boolean; tty?: boolean; labels?: Record<string, string> } = {},
  d: Docker = docker(),
): Promise<Docker.Container> {
  const c = await d.createContainer({
    Image: TEST_IMAGE,
    name: opts.name ?? uniqueName('c'),
    Cmd: opts.cmd ?? ['sleep', '3600'],
    Tty: opts.tty ?? false,
    Labels: { ...LABELS, ...opts.labels },
    HostConfig: { NetworkMode: 'none' },
  });
  if (opts.start) await c.start();
  return c;
}

/** Remove everything this run labelled (even when the test failed). */
export async function cleanup(d: Docker = docker()): Promise<void> {
  const filters = JSON.stringify({ label: [`berth.test=${RUN_ID}`] });
  const containers = await d.listContainers({ all: true, filters });
  await Promise.all(
    containers.map((c) =>
      d
        .getContainer(c.Id)
        .remove({ force: true, v: true })
        .catch(() => {}),
    ),
  );
}

/** `docker exec -t <id> sh -c <cmd>`: what it printed, with plain \n line ends. */
export async function execText(id: string, cmd: string, d: Docker = docker()): Promise<string> {
  const e = await d
    .getContainer(id)
    .exec({ Cmd: ['sh', '-c', cmd], AttachStdout: true, AttachStderr: true, Tty: true });
  const s = await e.start({ Tty: true });
  const chunks: Buffer[] = [];
  await new Promise<void>((res) => {
    s.on('data', (c: Buffer) => chunks.push(c));
    s.on('end', () => res());
  });
  return Buffer.concat(chunks).toString('utf8').replace(/\r\n/g, '\n');
}

export const inspectState = async (id: string, d: Docker = docker()) => (await d.getContainer(id).inspect()).State;

export async function exists(id: string, d: Docker = docker()): Promise<boolean> {
  try {
    await d.getContainer(id).inspect();
    return true;
  } catch {
    return false;
  }
}

const exec = promisify(execFile);
/** The docker CLI itself, for the engine's own view ("docker ps -a"). */
export async function dockerCli(args: string[], host = `unix://${SOCKET}`): Promise<string> {
  const { stdout } = await exec('docker', ['-H', host, ...args], { timeout: 60_000 });
  return stdout;
}

/** Every container's full id as `docker ps -a` lists them, sorted: the engine's own view to compare a list with. */
export async function cliContainerIds(host?: string): Promise<string[]> {
  const out = await dockerCli(['ps', '-a', '--no-trunc', '--format', '{{.ID}}'], host);
  return out.trim().split('\n').filter(Boolean).sort();
}

/** Poll a condition (bounded in time), for state that arrives asynchronously. */
export async function waitFor<T>(
  fn: () => T | Promise<T>,
  { timeoutMs = 10_000, intervalMs = 50 } = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as NonNullable<T>;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline)
      throw new Error(`condition not met in ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
