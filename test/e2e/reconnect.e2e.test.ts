import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LABELS, TEST_IMAGE, dockerCli, waitFor } from '../support/engine';
import { PrivateDockerd } from '../support/private-dockerd';
import { startHarness, type Harness } from './harness';
import { ContainersPage } from './pages/containers.page';

const daemon = new PrivateDockerd();
let h: Harness;

beforeAll(async () => {
  await daemon.start();
  await daemon.seed('before');
  h = await startHarness({ endpoint: { host: daemon.host, source: 'DOCKER_HOST' } });
}, 120_000);
afterAll(async () => {
  await h?.close();
  await daemon.dispose();
});

describe('the engine dies and comes back (private dockerd)', () => {
  it('shows the disconnected state within seconds and brings the list back by itself', async () => {
    const page = await h.open();
    const ui = new ContainersPage(page);
    await ui.row('before').waitFor();
    await daemon.kill();
    await page.getByTestId('engine-disconnected').waitFor({ timeout: 5000 });
    expect(await ui.engineState()).toBe('disconnected');
    await daemon.start();
    await dockerCli(
      [
        'create',
        '--label',
        `berth.test=${LABELS['berth.test']}`,
        '--network',
        'none',
        '--name',
        'after',
        TEST_IMAGE,
        'true',
      ],
      daemon.host,
    );
    await ui.row('after').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('engine-disconnected').count()).toBe(0);
    const ids = (await dockerCli(['ps', '-a', '--no-trunc', '--format', '{{.ID}}'], daemon.host))
      .trim()
      .split('\n')
      .sort();
    await waitFor(async () => JSON.stringify(await ui.rowIds()) === JSON.stringify(ids));
    expect(h.errors).toEqual([]);
  });
});
