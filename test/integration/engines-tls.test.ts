import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend } from '../../main/backend';
import { resolveEndpoint } from '../../main/engine/endpoint';
import type { ContainerSummary } from '../../preload/contract/containers.contract';
import { dockerCli, waitFor } from '../support/engine';
import { PrivateDockerd } from '../support/private-dockerd';
import { makeTls, type TlsMaterial } from '../support/tls';

const freePort = () =>
  new Promise<number>((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });

let tls: TlsMaterial;
let other: TlsMaterial;
let daemon: PrivateDockerd;
let port: number;
const tmp: string[] = [];

beforeAll(async () => {
  tls = makeTls();
  other = makeTls('someone-else');
  port = await freePort();
  daemon = new PrivateDockerd({ tls: { port, ...tls.server } });
  await daemon.start();
  await daemon.seed('over-tls');
}, 120_000);

afterAll(async () => {
  await daemon?.dispose();
  for (const d of [tls?.dir, other?.dir, ...tmp]) if (d) rmSync(d, { recursive: true, force: true });
});

const cliOverTls = (args: string[]) =>
  dockerCli(
    [
      '--tlsverify',
      '--tlscacert',
      join(tls.clientDir, 'ca.pem'),
      '--tlscert',
      join(tls.clientDir, 'cert.pem'),
      '--tlskey',
      join(tls.clientDir, 'key.pem'),
      ...args,
    ],
    `tcp://127.0.0.1:${port}`,
  );

async function connectWith(endpoint: ReturnType<typeof resolveEndpoint>) {
  const backend = createBackend({ endpoint, backoff: { initialMs: 100, maxMs: 400 } });
  backend.start();
  // Connected, or failed with a reason: whichever comes first.
  const status = await waitFor(() =>
    backend.engine.status.state === 'connecting' ? undefined : backend.engine.status,
  );
  return { backend, status };
}

describe('tcp:// with TLS client certificates (dockerd --tlsverify)', () => {
  it('connects through DOCKER_HOST + DOCKER_TLS_VERIFY + DOCKER_CERT_PATH and lists what the CLI lists', async () => {
    const endpoint = resolveEndpoint({
      env: { DOCKER_HOST: `tcp://127.0.0.1:${port}`, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: tls.clientDir },
    });
    const { backend, status } = await connectWith(endpoint);
    try {
      expect(status.state).toBe('connected');
      expect(status.endpoint).toBe(`tcp://127.0.0.1:${port}`);
      const r = await backend.dispatch('containers.list', {});
      const names = r.ok ? (r.value as ContainerSummary[]).map((c) => c.name) : [];
      expect(names).toContain('over-tls');
      const cli = (await cliOverTls(['ps', '-a', '--format', '{{.Names}}'])).trim().split('\n').sort();
      expect(names.sort()).toEqual(cli);
    } finally {
      await backend.dispose();
    }
  });

  it("connects through the CLI's current context with its TLS material", async () => {
    const config = mkdtempSync(join(tmpdir(), 'berth-dockerconfig-'));
    tmp.push(config);
    const digest = createHash('sha256').update('tls-remote').digest('hex');
    mkdirSync(join(config, 'contexts', 'meta', digest), { recursive: true });
    writeFileSync(
      join(config, 'contexts', 'meta', digest, 'meta.json'),
      JSON.stringify({
        Name: 'tls-remote',
        Endpoints: { docker: { Host: `tcp://127.0.0.1:${port}`, SkipTLSVerify: false } },
      }),
    );
    const tlsDir = join(config, 'contexts', 'tls', digest, 'docker');
    mkdirSync(tlsDir, { recursive: true });
    for (const f of ['ca.pem', 'cert.pem', 'key.pem']) copyFileSync(join(tls.clientDir, f), join(tlsDir, f));
    writeFileSync(join(config, 'config.json'), JSON.stringify({ currentContext: 'tls-remote' }));

    const endpoint = resolveEndpoint({ env: {}, configDir: config });
    expect(endpoint).toMatchObject({ source: 'context', contextName: 'tls-remote' });
    const { backend, status } = await connectWith(endpoint);
    try {
      expect(status.state).toBe('connected');
      expect(status.contextName).toBe('tls-remote');
    } finally {
      await backend.dispose();
    }
  });

  it('names the cause when the engine certificate is not from the trusted CA', async () => {
    const wrongCa = mkdtempSync(join(tmpdir(), 'berth-wrongca-'));
    tmp.push(wrongCa);
    copyFileSync(join(other.clientDir, 'ca.pem'), join(wrongCa, 'ca.pem'));
    copyFileSync(join(tls.clientDir, 'cert.pem'), join(wrongCa, 'cert.pem'));
    copyFileSync(join(tls.clientDir, 'key.pem'), join(wrongCa, 'key.pem'));
    const endpoint = resolveEndpoint({
      env: { DOCKER_HOST: `tcp://127.0.0.1:${port}`, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: wrongCa },
    });
    const { backend, status } = await connectWith(endpoint);
    try {
      expect(status.state).toBe('disconnected');
      expect(status.error).toMatch(/^TLS: the engine's certificate is not signed by the trusted CA/);
      const r = await backend.dispatch('containers.list', {});
      expect(r).toMatchObject({ ok: false, error: { code: 'engine_unreachable' } });
    } finally {
      await backend.dispose();
    }
  });

  it("names the cause when the engine refuses Berth's client certificate", async () => {
    const wrongClient = mkdtempSync(join(tmpdir(), 'berth-wrongclient-'));
    tmp.push(wrongClient);
    copyFileSync(join(tls.clientDir, 'ca.pem'), join(wrongClient, 'ca.pem'));
    copyFileSync(join(other.clientDir, 'cert.pem'), join(wrongClient, 'cert.pem'));
    copyFileSync(join(other.clientDir, 'key.pem'), join(wrongClient, 'key.pem'));
    const endpoint = resolveEndpoint({
      env: { DOCKER_HOST: `tcp://127.0.0.1:${port}`, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: wrongClient },
    });
    const { backend, status } = await connectWith(endpoint);
    try {
      expect(status.state).toBe('disconnected');
      expect(status.error).toMatch(/^TLS: the engine refused Berth's client certificate/);
    } finally {
      await backend.dispose();
    }
  });
});
