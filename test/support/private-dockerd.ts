/**
 * A private dockerd for chaos tests: its own socket, data root, exec root and
 * pidfile, no bridge and no iptables, so killing it never touches the user's
 * engine. It runs in a network namespace of its own (`unshare --net`): a
 * dockerd started with --bridge=none deletes the host's docker0 interface,
 * which would break the main engine's default bridge. Only the daemon this
 * helper started is ever stopped.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { LABELS, TEST_IMAGE, ensureTestImage, waitFor } from './engine';

export interface PrivateDockerdOptions {
  /** Also listen on tcp://127.0.0.1:<port> with TLS client-certificate verification. */
  tls?: { port: number; ca: string; cert: string; key: string };
  /**
   * Share the host's network namespace (so the daemon reaches a registry on
   * the host's 127.0.0.1), with a bridge of its own: a name of at most 15
   * characters and an address/prefix no other test uses.
   */
  hostNetwork?: { bridge: string; cidr: string };
}

export class PrivateDockerd {
  readonly dir = mkdtempSync(join(tmpdir(), 'berth-dockerd-'));
  constructor(private readonly opts: PrivateDockerdOptions = {}) {}
  readonly socket = join(this.dir, 'docker.sock');
  /** The test-owned bridge of a daemon in the host's network namespace (never docker0). */
  private get bridge(): string {
    return this.opts.hostNetwork?.bridge ?? 'berthtls0';
  }
  private get bridgeCidr(): string {
    return this.opts.hostNetwork?.cidr ?? '10.213.250.1/24';
  }
  private get onHostNetwork(): boolean {
    return !!(this.opts.tls || this.opts.hostNetwork);
  }
  private proc: ChildProcess | undefined;

  get host(): string {
    return `unix://${this.socket}`;
  }

  async start(): Promise<void> {
    this.clearStale();
    const log = openSync(join(this.dir, 'dockerd.log'), 'a');
    const common = [
      '--host',
      this.host,
      '--data-root',
      join(this.dir, 'data'),
      '--exec-root',
      join(this.dir, 'exec'),
      '--pidfile',
      join(this.dir, 'docker.pid'),
      '--iptables=false',
      '--ip-masq=false',
    ];
    const tls = this.opts.tls;
    if (this.onHostNetwork) {
      // TCP must be reachable from the host's loopback (TLS), or the daemon
      // must reach the host's (a registry), so this one shares the host's
      // network namespace, with a bridge of its own (never docker0).
      if (spawnSync('ip', ['link', 'show', this.bridge]).status !== 0) {
        spawnSync('ip', ['link', 'add', this.bridge, 'type', 'bridge']);
        spawnSync('ip', ['addr', 'add', this.bridgeCidr, 'dev', this.bridge]);
      }
      const args = [
        ...common,
        `--bridge=${this.bridge}`,
        ...(tls
          ? [
              '--host',
              `tcp://127.0.0.1:${tls.port}`,
              '--tlsverify',
              '--tlscacert',
              tls.ca,
              '--tlscert',
              tls.cert,
              '--tlskey',
              tls.key,
            ]
          : []),
      ];
      this.proc = spawn('dockerd', args, { stdio: ['ignore', log, log], detached: true });
    } else {
      this.proc = spawn('unshare', ['--net', '--', 'dockerd', ...common, '--bridge=none'], {
        stdio: ['ignore', log, log],
        detached: true,
      });
    }
    const d = new Docker({ socketPath: this.socket });
    await waitFor(() => d.ping().then(() => true), { timeoutMs: 30_000, intervalMs: 200 });
  }

  /**
   * After a SIGKILL, dockerd's pidfile and its containerd's pidfile stay
   * behind (and the orphaned containerd may linger): a restarted dockerd then
   * refuses to start or waits for a containerd that will never answer. These
   * files are this daemon's own, under its private directory.
   */
  private clearStale(): void {
    const containerdPid = join(this.dir, 'exec', 'containerd', 'containerd.pid');
    try {
      const pid = Number(readFileSync(containerdPid, 'utf8').trim());
      // Only if that pid really is our containerd (its config lives in our directory).
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (pid > 1 && cmdline.includes(this.dir)) process.kill(pid, 'SIGKILL');
    } catch {
      /* none left */
    }
    rmSync(containerdPid, { force: true });
    rmSync(join(this.dir, 'docker.pid'), { force: true });
  }

  /** Import the test image into this engine and create one labelled, stopped container named `name`. */
  async seed(name: string): Promise<Docker> {
    const d = new Docker({ socketPath: this.socket });
    await ensureTestImage(d);
    await d.createContainer({
      Image: TEST_IMAGE,
      name,
      Cmd: ['true'],
      Labels: LABELS,
      HostConfig: { NetworkMode: 'none' },
    });
    return d;
  }

  /** SIGSTOP: the daemon hangs (its sockets stay open, nothing answers), as a frozen host would. */
  freeze(): void {
    this.proc?.kill('SIGSTOP');
  }

  thaw(): void {
    this.proc?.kill('SIGCONT');
  }

  /** SIGKILL, as a crash would. */
  async kill(): Promise<void> {
    const p = this.proc;
    if (!p || p.exitCode !== null) return;
    const exited = new Promise((r) => p.once('exit', r));
    p.kill('SIGKILL');
    await exited;
    this.proc = undefined;
  }

  async stop(): Promise<void> {
    const p = this.proc;
    if (!p || p.exitCode !== null) return;
    const exited = new Promise((r) => p.once('exit', r));
    p.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    if (p.exitCode === null) p.kill('SIGKILL');
    this.proc = undefined;
  }

  async dispose(): Promise<void> {
    await this.stop();
    // A killed dockerd leaves its containers' shims (and their processes) running: end
    // every process that belongs to this daemon's private directory, and nothing else.
    for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      try {
        if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(this.dir)) process.kill(Number(pid), 'SIGKILL');
      } catch {
        /* gone already */
      }
    }
    // dockerd bind-mounts its data root onto itself; a killed one leaves it mounted.
    const mounts = readFileSync('/proc/mounts', 'utf8')
      .split('\n')
      .map((l) => l.split(' ')[1] ?? '')
      .filter((m) => m.startsWith(this.dir))
      .sort((a, b) => b.length - a.length);
    for (const m of mounts) spawnSync('umount', ['-l', m]);
    if (this.onHostNetwork) spawnSync('ip', ['link', 'del', this.bridge]);
    if (!process.env.BERTH_KEEP_DOCKERD) rmSync(this.dir, { recursive: true, force: true, maxRetries: 3 });
  }
}
