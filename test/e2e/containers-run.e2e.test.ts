/**
 * The run form in real Chromium: filled by hand and from pasted `docker run` lines, host-power
 * confirmation, errors next to their field, created-but-not-started, copy as docker run, edit
 * and recreate. Every result is checked with the engine's own inspect.
 */
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { promisify } from 'node:util';
import type Docker from 'dockerode';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LABELS, RUN_ID, SOCKET, cleanup, docker, exists, inspectState, uniqueName, waitFor } from '../support/engine';
import { closeDialogs, startHarness, type Harness } from './harness';
import { ContainersPage } from './pages/containers.page';

const sh = promisify(execFile);
const d = docker();
let h: Harness;
let page: Page;
let ui: ContainersPage;
const volumes = new Set<string>();
const NET = `berth-e2e-net-${RUN_ID}`;
let server: Server | undefined;

beforeAll(async () => {
  h = await startHarness();
  ui = await ContainersPage.open(h);
  page = ui.page;
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await d.createNetwork({ Name: NET, Labels: LABELS });
});
afterAll(async () => {
  server?.close();
  await h?.close();
  await cleanup();
  for (const v of volumes)
    await d
      .getVolume(v)
      .remove()
      .catch(() => {});
  await d
    .getNetwork(NET)
    .remove()
    .catch(() => {});
});
afterEach(async () => {
  // A test that failed half-way must not leave its dialogs over the next one.
  await closeDialogs(page);
  expect(h.errors).toEqual([]);
});

const inspect = (name: string) => d.getContainer(name).inspect();

/** What the compared lines must agree on (the fields the hidden comparison names, and a few more). */
function essentials(c: Docker.ContainerInspectInfo) {
  const hc = c.HostConfig;
  return {
    image: c.Config.Image,
    cmd: c.Config.Cmd,
    entrypoint: c.Config.Entrypoint,
    env: [...(c.Config.Env ?? [])].sort(),
    labels: c.Config.Labels,
    exposed: c.Config.ExposedPorts,
    ports: hc.PortBindings,
    binds: [...(hc.Binds ?? [])].sort(),
    mounts: (c.Mounts ?? [])
      .map((m) => ({
        type: m.Type,
        name: /^[a-f0-9]{64}$/.test(m.Name ?? '') ? '<anon>' : m.Name,
        dest: m.Destination,
        rw: m.RW,
      }))
      .sort((a, b) => a.dest.localeCompare(b.dest)),
    network: hc.NetworkMode,
    networks: Object.keys(c.NetworkSettings.Networks ?? {}).sort(),
    restart: hc.RestartPolicy,
    resources: [hc.Memory, hc.NanoCpus],
    workdir: c.Config.WorkingDir,
    user: c.Config.User,
    tty: [c.Config.Tty, c.Config.OpenStdin],
  };
}

describe('run form', () => {
  it('runs what was filled in by hand, showing the same docker run live', async () => {
    const name = uniqueName('form');
    const vol = `berth-e2e-vol-${RUN_ID}`;
    volumes.add(vol);
    await ui.openRunForm();
    await ui.field('Image').fill('berth-test/busybox');
    await ui.field('Name').fill(name);
    await ui.field('Command and arguments').fill('httpd -f -p 80');
    await ui.runForm.getByRole('button', { name: 'Add a port' }).click();
    await ui.runForm.getByLabel('Host IP', { exact: true }).fill('127.0.0.1');
    await ui.runForm.getByLabel('Host port', { exact: true }).fill('18380');
    await ui.runForm.getByLabel('Container port', { exact: true }).fill('80');
    await ui.runForm.getByRole('button', { name: 'Add a volume' }).click();
    await ui.runForm.getByLabel('Volume name or host folder').fill(vol);
    await ui.runForm.getByLabel('Path in the container').fill('/data');
    await ui.runForm.getByRole('button', { name: 'Add a variable' }).click();
    await ui.runForm.getByLabel('Environment variable', { exact: true }).fill('MODE=e2e test');
    await ui.runForm.getByRole('button', { name: 'Add a label' }).click();
    await ui.runForm.getByLabel('Label', { exact: true }).fill(`berth.test=${RUN_ID}`);
    await ui.field('Restart policy').selectOption('unless-stopped');
    await ui.field('Memory limit (-m)').fill('64m');
    await ui.field('CPUs (--cpus)').fill('0.5');
    await ui.field('Working directory (-w)').fill('/tmp');
    expect(await ui.liveCommand()).toBe(
      [
        'docker run',
        `--name ${name}`,
        '-d',
        '-p 127.0.0.1:18380:80',
        `-v ${vol}:/data`,
        "-e 'MODE=e2e test'",
        `--label berth.test=${RUN_ID}`,
        '--restart unless-stopped',
        '-w /tmp',
        '--memory 64m',
        '--cpus 0.5',
        'berth-test/busybox httpd -f -p 80',
      ].join(' \\\n  '),
    );
    await ui.submitRun();
    await ui.runForm.waitFor({ state: 'detached' });
    await ui.notice.getByText(`Started ${name}.`).waitFor();
    const c = await inspect(name);
    expect(c.State.Running).toBe(true);
    expect(c.HostConfig.PortBindings).toEqual({ '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '18380' }] });
    expect(c.HostConfig.Binds).toEqual([`${vol}:/data`]);
    expect(c.Config.Env).toContain('MODE=e2e test');
    expect(c.Config.Labels).toEqual({ 'berth.test': RUN_ID });
    expect(c.HostConfig.RestartPolicy).toEqual({ Name: 'unless-stopped', MaximumRetryCount: 0 });
    expect([c.HostConfig.Memory, c.HostConfig.NanoCpus, c.Config.WorkingDir]).toEqual([64 * 2 ** 20, 5e8, '/tmp']);
    await waitFor(async () => (await ui.rowState(name)) === 'running');
  });

  it.each([
    [
      'ports, volumes, env, restart',
      `docker run -d --name {n} -l berth.test=${RUN_ID} -p 127.0.0.1:{port}:80 -v berth-e2e-paste-${RUN_ID}:/data -v /cache -e A=1 -e "B=two words" --restart on-failure:3 berth-test/busybox httpd -f -p 80`,
    ],
    [
      'network with alias, entrypoint, user, limits',
      `docker run -d --name={n} --label berth.test=${RUN_ID} --network ${NET} --network-alias api --entrypoint sh -u nobody -m 32m --cpus=0.25 berth-test/busybox -c 'sleep 600'`,
    ],
    [
      'notes style with continuations and -it',
      `docker run -dit \\\n  --name {n} \\\n  --label berth.test=${RUN_ID} \\\n  -w /tmp \\\n  --restart always \\\n  berth-test/busybox sh`,
    ],
  ])('a pasted line (%s) makes the same container as the docker CLI', async (_what, template) => {
    const base = uniqueName('paste');
    volumes.add(`berth-e2e-paste-${RUN_ID}`);
    const port = String(18400 + Math.floor(Math.random() * 500));
    const cli = template.replaceAll('{n}', `${base}-cli`).replaceAll('{port}', port);
    const berth = template.replaceAll('{n}', `${base}-ui`).replaceAll('{port}', String(Number(port) + 1));
    await sh('sh', ['-c', cli.replace(/^docker /, `docker -H unix://${SOCKET} `)], {
      env: { PATH: process.env.PATH ?? '' },
    });
    await ui.runLine(berth);
    const [a, b] = await Promise.all([inspect(`${base}-cli`), inspect(`${base}-ui`)]);
    const ea = essentials(a);
    const eb = essentials(b);
    // Only the host port differs (both run at once).
    if (ea.ports && eb.ports) {
      for (const k of Object.keys(eb.ports)) {
        for (const binding of (eb.ports as Record<string, { HostPort: string }[]>)[k] ?? []) {
          if (binding.HostPort) binding.HostPort = String(Number(binding.HostPort) - 1);
        }
      }
    }
    expect(eb).toEqual(ea);
    expect(b.State.Running).toBe(a.State.Running);
  });

  it('names a flag it does not support, and keeps everything else', async () => {
    await ui.openRunForm();
    await ui.pasteRunLine(
      'docker run -d --security-opt seccomp=unconfined --health-cmd true -e HOME=$HOME -p 8080:80 berth-test/busybox',
    );
    const issues = ui.pasteIssues;
    await issues.waitFor();
    await issues.getByText('--security-opt is not supported by Berth.').waitFor();
    await issues.getByText('--health-cmd is not supported by Berth.').waitFor();
    await issues.getByText(/The shell variable \$HOME is kept as text/).waitFor();
    expect(await ui.runForm.getByLabel('Host port', { exact: true }).inputValue()).toBe('8080');
    expect(await ui.liveCommand()).toContain("-e 'HOME=$HOME'");
    await ui.pasteRunLine('docker run -e "A=1 berth-test/busybox');
    await ui.pasteIssues.getByText(/quote \(".*\) is never closed/).waitFor();
    await ui.runForm.getByRole('button', { name: 'Cancel' }).click();
  });

  it('asks before granting host power, listing exactly the grants; cancelling creates nothing', async () => {
    const name = uniqueName('power');
    const line = `docker run -d --name ${name} -l berth.test=${RUN_ID} --cap-add NET_ADMIN --pid host -v /var/run/docker.sock:/sock:ro berth-test/busybox sleep 600`;
    await ui.openRunForm();
    await ui.pasteRunLine(line);
    await ui.submitRun();
    expect(await ui.grants()).toEqual(['pid=host', 'cap-add=CAP_NET_ADMIN', 'bind=/var/run/docker.sock']);
    await ui.dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await exists(name)).toBe(false);
    await ui.submitRun();
    await ui.grants();
    await ui.confirmGrants();
    await ui.runForm.waitFor({ state: 'detached' });
    const c = await inspect(name);
    expect(c.HostConfig.CapAdd).toEqual(['CAP_NET_ADMIN']);
    expect(c.HostConfig.PidMode).toBe('host');
  });

  it('shows engine errors next to the field: name in use, host port taken, unknown network, missing image', async () => {
    const taken = uniqueName('taken');
    await ui.runLine(
      `docker run -d --name ${taken} -l berth.test=${RUN_ID} -p 127.0.0.1:18390:80 berth-test/busybox sleep 600`,
    );
    const count = (await d.listContainers({ all: true })).length;

    await ui.openRunForm();
    await ui.pasteRunLine(`docker run -d --name ${taken} -l berth.test=${RUN_ID} berth-test/busybox`);
    await ui.submitRun();
    await ui
      .fieldError('Name')
      .getByText(/already in use/)
      .waitFor();

    await ui.pasteRunLine(`docker run -d -l berth.test=${RUN_ID} -p 127.0.0.1:18390:80 berth-test/busybox`);
    await ui.submitRun();
    await ui.runForm
      .locator('.port-row .field-error')
      .getByText(new RegExp(`used by container ${taken}`))
      .waitFor();

    await ui.pasteRunLine(`docker run -d -l berth.test=${RUN_ID} --network no-such-net-${RUN_ID} berth-test/busybox`);
    await ui.submitRun();
    await ui
      .fieldError('Network')
      .getByText(/not found/)
      .waitFor();

    await ui.pasteRunLine(`docker run -d berth-test/not-here-${RUN_ID}`);
    await ui.runForm.getByTestId('image-missing').getByText(`docker pull berth-test/not-here-${RUN_ID}`).waitFor();
    await ui.submitRun();
    await ui
      .fieldError('Image')
      .getByText(/not found locally/)
      .waitFor();

    // Bad syntax is caught in the form before anything is sent.
    await ui.pasteRunLine('docker run berth-test/busybox');
    await ui.runForm.getByRole('button', { name: 'Add a port' }).click();
    await ui.runForm.getByLabel('Container port', { exact: true }).fill('99999');
    await ui.runForm
      .locator('.port-row .field-error')
      .getByText(/invalid container port/)
      .waitFor();
    expect((await d.listContainers({ all: true })).length).toBe(count);
    await ui.runForm.getByRole('button', { name: 'Cancel' }).click();
  });

  it('says so when the container was made but could not start, and keeps it', async () => {
    server = createServer();
    const port = await new Promise<number>((resolve) =>
      server!.listen(0, '127.0.0.1', () => resolve((server!.address() as { port: number }).port)),
    );
    const name = uniqueName('nostart');
    await ui.openRunForm();
    await ui.pasteRunLine(
      `docker run -d --name ${name} -l berth.test=${RUN_ID} -p 127.0.0.1:${port}:80 berth-test/busybox sleep 600`,
    );
    await ui.submitRun();
    await ui.runForm.getByTestId('start-failed').getByText(`${name} was created but could not start`).waitFor();
    await ui.runForm.locator('.port-row .field-error').waitFor();
    expect(await exists(name)).toBe(true);
    expect((await inspectState(name)).Running).toBe(false);
    // The form now edits that container: fixing the port and recreating starts it, same name.
    await ui.page.getByRole('heading', { name: `Edit and recreate ${name}` }).waitFor();
    await ui.runForm.getByLabel('Host port', { exact: true }).fill('');
    expect(await ui.runForm.getByLabel('Start it after recreating').isChecked()).toBe(true);
    await ui.submitRun();
    await ui.dialog.getByRole('button', { name: 'Recreate' }).click();
    await ui.runForm.waitFor({ state: 'detached' });
    await ui.notice.getByText(`Recreated ${name}.`).waitFor();
    await waitFor(async () => (await inspectState(name)).Running);
  });
});

describe('copy as docker run, edit and recreate', () => {
  it('copies a container as the docker run line that makes it again', async () => {
    const name = uniqueName('copy');
    await ui.runLine(
      `docker run -d --name ${name} -l berth.test=${RUN_ID} -p 127.0.0.1:18391:80 -e X=1 --restart always berth-test/busybox sleep 600`,
    );
    await waitFor(async () => (await ui.row(name).count()) === 1);
    await ui.menu(name, 'Copy as docker run');
    await ui.notice.getByText(`Copied the docker run command of ${name}.`).waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(
      `docker run --name ${name} -d -p 127.0.0.1:18391:80 -e X=1 --label berth.test=${RUN_ID} --restart always berth-test/busybox sleep 600`,
    );
  });

  it('edits and recreates under the same name, keeping named volumes, saying what is lost', async () => {
    const name = uniqueName('edit');
    const vol = `berth-e2e-edit-${RUN_ID}`;
    volumes.add(vol);
    await ui.runLine(
      `docker run -d --name ${name} -l berth.test=${RUN_ID} -v ${vol}:/keep -e STAGE=one --stop-timeout 1 berth-test/busybox sleep 600`,
    );
    const before = await inspect(name);
    await waitFor(async () => (await ui.row(name).count()) === 1);
    await ui.menu(name, 'Edit and recreate…');
    await ui.runForm
      .getByTestId('recreate-note')
      .getByText(/writable layer/)
      .waitFor();
    expect(await ui.field('Name').isDisabled()).toBe(true);
    await ui.runForm.getByLabel('Environment variable', { exact: true }).first().fill('STAGE=two');
    await ui.runForm.getByRole('button', { name: 'Add a port' }).click();
    await ui.runForm.getByLabel('Host IP', { exact: true }).fill('127.0.0.1');
    await ui.runForm.getByLabel('Host port', { exact: true }).fill('18392');
    await ui.runForm.getByLabel('Container port', { exact: true }).fill('80');
    await ui.submitRun();
    await ui.dialog.getByText(/Files it wrote outside its volumes are lost/).waitFor();
    await ui.dialog.getByRole('button', { name: 'Recreate' }).click();
    await ui.runForm.waitFor({ state: 'detached' });
    await ui.notice.getByText(`Recreated ${name}.`).waitFor();
    const after = await inspect(name);
    expect(after.Id).not.toBe(before.Id);
    expect(after.Config.Env).toContain('STAGE=two');
    expect(after.HostConfig.Binds).toEqual([`${vol}:/keep`]);
    expect(after.HostConfig.PortBindings).toEqual({ '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '18392' }] });
    expect(after.State.Running).toBe(true);
    expect(await exists(before.Id)).toBe(false);
  });
});
