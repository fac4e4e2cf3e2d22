/**
 * A private dockerd for chaos tests: its own socket, data root, exec root and
 * pidfile, no bridge and no iptables, so killing it never touches the user's
 * engine. Only the daemon this helper started is ever stopped.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { waitFor } from './engine';

export class PrivateDockerd {
  readonly dir = mkdtempSync(join(tmpdir(), 'berth-dockerd-'));
  readonly socket = join(this.dir, 'docker.sock');
  private proc: ChildProcess | undefined;

  get host(): string {
    return `unix://${this.socket}`;
  }

  async start(): Promise<void> {
    this.proc = spawn(
      'dockerd',
      [
        '--host', this.host,
        '--data-root', join(this.dir, 'data'),
        '--exec-root', join(this.dir, 'exec'),
        '--pidfile', join(this.dir, 'docker.pid'),
        '--bridge=none', '--iptables=false', '--ip-masq=false',
      ],
      { stdio: 'ignore', detached: true },
    );
    const d = new Docker({ socketPath: this.socket });
    await waitFor(() => d.ping().then(() => true), { timeoutMs: 30_000, intervalMs: 200 });
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
    rmSync(this.dir, { recursive: true, force: true, maxRetries: 3 });
  }
}
