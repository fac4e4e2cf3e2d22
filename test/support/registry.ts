/**
 * The test registry: Debian's `docker-registry` with htpasswd auth on
 * 127.0.0.1 (the engine trusts 127.0.0.0/8 registries over plain HTTP).
 * CI (.ci/run) starts one and exports BERTH_TEST_REGISTRY(_USER/_PASSWORD);
 * without those, a private one is started on a free port in a temp dir and
 * stopped afterwards. Plus a throttling TCP proxy, so a pull is slow enough
 * to be cancelled half-way, deterministically.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

export interface TestRegistry {
  /** host:port, e.g. 127.0.0.1:5000 */
  host: string;
  user: string;
  password: string;
  /** Started by us (false when CI's registry is used). */
  own: boolean;
  stop(): Promise<void>;
}

const exec = promisify(execFile);

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** GET /v2/ answers (401 with auth on): the registry is up. Bounded in time. */
async function waitForRegistry(host: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(`http://${host}/v2/`, { signal: AbortSignal.timeout(1000) });
      await res.body?.cancel();
      if (res.status === 401 || res.status === 200) return;
    } catch {
      /* not yet */
    }
    if (Date.now() > deadline) throw new Error(`registry on ${host} did not start in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The CI registry when its variables are set, else a private one (stopped by stop()). */
export async function startTestRegistry(): Promise<TestRegistry> {
  const envHost = process.env.BERTH_TEST_REGISTRY;
  const envUser = process.env.BERTH_TEST_REGISTRY_USER;
  const envPass = process.env.BERTH_TEST_REGISTRY_PASSWORD;
  if (envHost && envUser && envPass) {
    await waitForRegistry(envHost);
    return { host: envHost, user: envUser, password: envPass, own: false, stop: async () => {} };
  }
  const dir = await mkdtemp(join(tmpdir(), 'berth-registry-'));
  const user = 'berth';
  const password = randomBytes(12).toString('hex');
  const { stdout } = await exec('htpasswd', ['-Bbn', user, password]);
  await writeFile(join(dir, 'htpasswd'), stdout.trim() + '\n', { mode: 0o600 });
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  await writeFile(
    join(dir, 'registry.yml'),
    [
      'version: 0.1',
      'log: { level: error }',
      'storage:',
      `  filesystem: { rootdirectory: ${join(dir, 'data')} }`,
      '  delete: { enabled: true }',
      'http:',
      `  addr: ${host}`,
      `  secret: ${randomBytes(16).toString('hex')}`,
      'auth:',
      `  htpasswd: { realm: berth-test, path: ${join(dir, 'htpasswd')} }`,
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn('docker-registry', ['serve', join(dir, 'registry.yml')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => {
    if (stderr.length < 10_000) stderr += c.toString();
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  try {
    await waitForRegistry(host);
  } catch (err) {
    child.kill('SIGTERM');
    await rm(dir, { recursive: true, force: true });
    throw new Error(`${(err as Error).message}\n${stderr}`);
  }
  return {
    host,
    user,
    password,
    own: true,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface ThrottledProxy {
  host: string;
  close(): Promise<void>;
}

/**
 * A TCP proxy on 127.0.0.1 that passes requests through and slows answers to
 * about `bytesPerSecond`, so a pull through it takes long enough to cancel.
 * With `uploads`, requests are slowed too (a push takes long as well).
 */
export async function startThrottledProxy(
  target: string,
  bytesPerSecond: number,
  opts: { uploads?: boolean } = {},
): Promise<ThrottledProxy> {
  const [thost = '127.0.0.1', tport = '5000'] = target.split(':');
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(Number(tport), thost);
    sockets.add(client);
    sockets.add(upstream);
    if (opts.uploads) {
      client.on('data', (chunk: Buffer) => {
        client.pause();
        upstream.write(chunk);
        setTimeout(() => client.resume(), Math.ceil((chunk.length / bytesPerSecond) * 1000));
      });
      client.on('end', () => upstream.end());
    } else client.pipe(upstream);
    upstream.on('data', (chunk: Buffer) => {
      upstream.pause();
      client.write(chunk);
      setTimeout(() => upstream.resume(), Math.ceil((chunk.length / bytesPerSecond) * 1000));
    });
    upstream.on('end', () => client.end());
    const done = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', done);
    upstream.on('error', done);
    client.on('close', done);
    upstream.on('close', done);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
