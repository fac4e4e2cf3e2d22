import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../main/backend';
import type { ContainerSummary } from '../../preload/contract/containers.contract';
import { RUN_ID, createContainer, dockerCli, exists, inspectState, uniqueName, waitFor } from '../support/engine';
import { backendCalls, startBackend, stopBackend } from '../support/backend';

let backend: Backend;
const { call, ok } = backendCalls(() => backend);

beforeAll(async () => {
  backend = await startBackend();
});
afterAll(async () => {
  await stopBackend(backend);
});

describe('engine connection', () => {
  it('negotiates the API version and reports what docker version/info show', async () => {
    const status = await ok<Record<string, unknown>>('system.status', {});
    const server = JSON.parse(await dockerCli(['version', '--format', '{{json .Server}}'])) as {
      Version: string;
      ApiVersion: string;
      Os: string;
      Arch: string;
    };
    expect(status.state).toBe('connected');
    expect(status.engineVersion).toBe(server.Version);
    // Berth speaks the lower of its newest and the engine's.
    expect(status.apiVersion).toBe(server.ApiVersion === '1.41' ? '1.41' : status.apiVersion);
    expect(status.engineApiVersion).toBe(server.ApiVersion);
    expect(status.os).toBe(server.Os);
    expect(status.arch).toBe(server.Arch);
    const ncpu = Number((await dockerCli(['info', '--format', '{{.NCPU}}'])).trim());
    expect(status.cpus).toBe(ncpu);
    expect(status.memoryBytes).toBeGreaterThan(0);
    expect(status.generation).toBeGreaterThanOrEqual(1);
  });
});

describe('containers', () => {
  it('lists what docker ps -a lists: same ids, names and states', async () => {
    await createContainer({ start: true });
    await createContainer();
    const cli = async () =>
      (await dockerCli(['ps', '-a', '--no-trunc', '--format', '{{.ID}} {{.Names}}']))
        .trim()
        .split('\n')
        .filter(Boolean)
        .sort();
    // Other suites may create containers meanwhile: compare at a moment both agree.
    await waitFor(async () => {
      const rows = await ok<ContainerSummary[]>('containers.list', {});
      const mine = rows.map((r) => `${r.id} ${r.name}`).sort();
      return JSON.stringify(mine) === JSON.stringify(await cli());
    });
    const rows = await ok<ContainerSummary[]>('containers.list', {});
    for (const r of rows.slice(0, 20)) {
      const state = await inspectState(r.id).catch(() => undefined);
      if (state) expect(r.state).toBe(state.Status);
    }
  });

  it('lists only the asked ids, and nothing for a removed one', async () => {
    const a = await createContainer();
    const b = await createContainer();
    const rows = await ok<ContainerSummary[]>('containers.list', { ids: [a.id] });
    expect(rows.map((r) => r.id)).toEqual([a.id]);
    expect(rows[0]?.labels['berth.test']).toBeTruthy();
    await b.remove();
    expect(await ok<ContainerSummary[]>('containers.list', { ids: [b.id] })).toEqual([]);
  });

  it('maps ports as docker ps shows them', async () => {
    const name = uniqueName('ports');
    await dockerCli([
      'run',
      '-d',
      '--name',
      name,
      '--label',
      `berth.test=${RUN_ID}`,
      '-p',
      '127.0.0.1::80',
      'berth-test/busybox',
      'httpd',
      '-f',
      '-p',
      '80',
    ]);
    try {
      const id = (await dockerCli(['inspect', '--format', '{{.Id}}', name])).trim();
      const [row] = await ok<ContainerSummary[]>('containers.list', { ids: [id] });
      const cliPort = (await dockerCli(['port', name, '80/tcp'])).trim().split('\n')[0] ?? '';
      expect(row?.ports).toHaveLength(1);
      expect(`${row?.ports[0]?.ip}:${row?.ports[0]?.publicPort}`).toBe(cliPort);
      expect(row?.ports[0]).toMatchObject({ privatePort: 80, type: 'tcp' });
    } finally {
      await dockerCli(['rm', '-f', name]);
    }
  });

  it('starts, stops, restarts; starting twice is not an error', async () => {
    const c = await createContainer();
    await ok('containers.start', { id: c.id });
    expect((await inspectState(c.id)).Running).toBe(true);
    await ok('containers.start', { id: c.id }); // 304 from the engine: success
    const before = (await inspectState(c.id)).StartedAt;
    await ok('containers.restart', { id: c.id, timeoutSeconds: 0 });
    const after = await inspectState(c.id);
    expect(after.Running).toBe(true);
    expect(after.StartedAt).not.toBe(before);
    await ok('containers.stop', { id: c.id, timeoutSeconds: 0 });
    expect((await inspectState(c.id)).Running).toBe(false);
    await ok('containers.stop', { id: c.id }); // already stopped: success
  });

  it('refuses to remove a running container unless forced, and loses nothing', async () => {
    const c = await createContainer({ start: true });
    const refused = await call('containers.remove', { id: c.id });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe('conflict');
      expect(refused.error.message).toMatch(/running/i);
    }
    expect(await exists(c.id)).toBe(true);
    expect((await inspectState(c.id)).Running).toBe(true);
    await ok('containers.remove', { id: c.id, force: true });
    expect(await exists(c.id)).toBe(false);
  });

  it('removes a stopped container by name', async () => {
    const name = uniqueName('rm');
    const c = await createContainer({ name });
    await ok('containers.remove', { id: name });
    expect(await exists(c.id)).toBe(false);
  });

  it('says not_found for an unknown container', async () => {
    const r = await call('containers.start', { id: 'berth-no-such-container-xyz' });
    expect(r).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('rejects wrong-shaped payloads before they reach the engine', async () => {
    const c = await createContainer({ start: true });
    for (const bad of [
      { id: '../../v1.41/containers/json' },
      { id: c.id, force: 'yes' },
      { id: c.id, extra: 1 },
      { id: 42 },
      null,
      'x',
    ]) {
      const r = await call('containers.remove', bad);
      expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    expect((await inspectState(c.id)).Running).toBe(true);
    const r = await call('containers.stop', { id: c.id, timeoutSeconds: -1 });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect((await inspectState(c.id)).Running).toBe(true);
  });
});

describe('live changes', () => {
  it('turns engine events into coalesced change notices', async () => {
    const seen = new Set<string>();
    let notices = 0;
    const off = backend.subscribe((name, payload) => {
      if (name !== 'containers.changed') return;
      notices++;
      for (const id of (payload as { ids: string[] }).ids) seen.add(id);
    });
    try {
      const name = uniqueName('ev');
      const id = (
        await dockerCli([
          'create',
          '--label',
          `berth.test=${RUN_ID}`,
          '--name',
          name,
          'berth-test/busybox',
          'sleep',
          '60',
        ])
      ).trim();
      await waitFor(() => seen.has(id));
      seen.clear();
      await dockerCli(['rm', name]);
      await waitFor(() => seen.has(id));
      expect(notices).toBeGreaterThanOrEqual(2);
    } finally {
      off();
    }
  });
});
