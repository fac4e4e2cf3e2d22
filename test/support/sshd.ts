/**
 * An OpenSSH server of the test's own on 127.0.0.1, with a key pair it
 * generates, for ssh:// engine tests. Stopped (by its pid) afterwards.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from './engine';

const freePort = () =>
  new Promise<number>((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });

export class TestSshd {
  readonly dir = mkdtempSync(join(tmpdir(), 'berth-sshd-'));
  readonly userKey = join(this.dir, 'id_ed25519');
  readonly strangerKey = join(this.dir, 'stranger_ed25519');
  port = 0;
  private proc: ChildProcess | undefined;
  private agent: { sock: string; pid: number } | undefined;

  async start(): Promise<void> {
    this.port = await freePort();
    const keygen = (file: string) => execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', file]);
    keygen(join(this.dir, 'host_ed25519'));
    keygen(this.userKey);
    keygen(this.strangerKey);
    execFileSync('cp', [`${this.userKey}.pub`, join(this.dir, 'authorized_keys')]);
    mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
    const config = join(this.dir, 'sshd_config');
    writeFileSync(
      config,
      [
        `Port ${this.port}`,
        'ListenAddress 127.0.0.1',
        `HostKey ${join(this.dir, 'host_ed25519')}`,
        `AuthorizedKeysFile ${join(this.dir, 'authorized_keys')}`,
        `PidFile ${join(this.dir, 'sshd.pid')}`,
        'PermitRootLogin prohibit-password',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'StrictModes no',
        'UsePAM no',
        'AllowTcpForwarding no',
        'X11Forwarding no',
      ].join('\n') + '\n',
    );
    this.proc = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', config], { stdio: 'ignore' });
    await waitFor(
      () =>
        new Promise<boolean>((resolve) => {
          const s = createConnection(this.port, '127.0.0.1', () => {
            s.destroy();
            resolve(true);
          }).on('error', () => resolve(false));
        }),
      { timeoutMs: 10_000 },
    );
  }

  /** An ssh-agent holding the user's key; returns its socket. */
  startAgent(): string {
    const sock = join(this.dir, 'agent.sock');
    const out = execFileSync('ssh-agent', ['-a', sock], { encoding: 'utf8' });
    const pid = Number(/SSH_AGENT_PID=(\d+)/.exec(out)?.[1]);
    execFileSync('ssh-add', ['-q', this.userKey], { env: { ...process.env, SSH_AUTH_SOCK: sock } });
    this.agent = { sock, pid };
    return sock;
  }

  async stop(): Promise<void> {
    if (this.agent) process.kill(this.agent.pid, 'SIGTERM');
    const p = this.proc;
    if (p && p.exitCode === null) {
      const exited = new Promise((r) => p.once('exit', r));
      p.kill('SIGTERM');
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
