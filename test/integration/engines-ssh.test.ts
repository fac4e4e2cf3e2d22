import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend } from '../../main/backend';
import type { EngineEndpoint } from '../../main/engine/endpoint';
import type { ContainerSummary } from '../../preload/contract/containers.contract';
import { cleanup, createContainer, waitFor } from '../support/engine';
import { TestSshd } from '../support/sshd';

// ssh:// reaches the engine the docker CLI way: `docker system dial-stdio` on
// the remote host (here: this machine's own engine, through a test sshd).
const sshd = new TestSshd();
const savedAgent = process.env.SSH_AUTH_SOCK;

beforeAll(async () => {
  await sshd.start();
}, 60_000);
afterAll(async () => {
  if (savedAgent === undefined) delete process.env.SSH_AUTH_SOCK;
  else process.env.SSH_AUTH_SOCK = savedAgent;
  await sshd.stop();
  await cleanup();
});

async function connect(endpoint: EngineEndpoint) {
  const backend = createBackend({ endpoint, backoff: { initialMs: 200, maxMs: 1000 } });
  backend.start();
  const status = await waitFor(
    () => (backend.engine.status.state === 'connecting' ? undefined : backend.engine.status),
    { timeoutMs: 20_000 },
  );
  return { backend, status };
}

const noConfig = { configFile: '/nonexistent/ssh_config' };

describe('ssh:// engines', () => {
  it('connects with an identity file and lists the remote engine’s containers', async () => {
    delete process.env.SSH_AUTH_SOCK;
    const c = await createContainer();
    const { backend, status } = await connect({
      host: `ssh://root@127.0.0.1:${sshd.port}`,
      source: 'DOCKER_HOST',
      ssh: { ...noConfig, identityFile: sshd.userKey },
    });
    try {
      expect(status.state).toBe('connected');
      expect(status.engineVersion).toBeTruthy();
      const r = await backend.dispatch('containers.list', { ids: [c.id] });
      expect(r.ok && (r.value as ContainerSummary[]).map((x) => x.id)).toEqual([c.id]);
    } finally {
      await backend.dispose();
    }
  });

  it("uses the user's SSH agent", async () => {
    process.env.SSH_AUTH_SOCK = sshd.startAgent();
    const { backend, status } = await connect({
      host: `ssh://root@127.0.0.1:${sshd.port}`,
      source: 'DOCKER_HOST',
      ssh: noConfig,
    });
    try {
      expect(status.state).toBe('connected');
    } finally {
      await backend.dispose();
      delete process.env.SSH_AUTH_SOCK;
    }
  });

  it('names the cause when the server refuses the key', async () => {
    delete process.env.SSH_AUTH_SOCK;
    const { backend, status } = await connect({
      host: `ssh://root@127.0.0.1:${sshd.port}`,
      source: 'DOCKER_HOST',
      ssh: { ...noConfig, identityFile: sshd.strangerKey },
    });
    try {
      expect(status.state).toBe('disconnected');
      expect(status.error).toBe('SSH: the server refused every key Berth offered (agent and identity files)');
    } finally {
      await backend.dispose();
    }
  });
});
