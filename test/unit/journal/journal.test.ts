import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { CALL_NAMES, STREAM_NAMES } from '../../../preload/contract/index';
import {
  JOURNAL_MAP,
  commandFor,
  contextName,
  docker,
  isMutating,
  short,
  toShellScript,
} from '../../../renderer/src/lib/journal';
import { JOURNAL_LIMIT, createJournalStore, installJournal } from '../../../renderer/src/stores/journal.store';
import type { ApiClient } from '../../../renderer/src/api/client';

const memoryStorage = (): Storage => {
  const m = new Map<string, string>();
  return {
    get length() {
      return m.size;
    },
    clear: () => m.clear(),
    getItem: (k) => m.get(k) ?? null,
    key: (i) => [...m.keys()][i] ?? null,
    removeItem: (k) => void m.delete(k),
    setItem: (k, v) => void m.set(k, v),
  };
};

const ID = 'a'.repeat(64);

describe('the journal covers every change in the contract', () => {
  it('maps every mutating call and stream (fails naming the ones that have no mapping)', () => {
    const names = [...CALL_NAMES, ...STREAM_NAMES] as string[];
    const missing = names.filter((n) => isMutating(n) && !Object.prototype.hasOwnProperty.call(JOURNAL_MAP, n));
    expect(missing, `no docker command for: ${missing.join(', ')}`).toEqual([]);
  });

  it('maps nothing that is not in the contract (stale entries)', () => {
    const names = new Set<string>([...CALL_NAMES, ...STREAM_NAMES]);
    expect(Object.keys(JOURNAL_MAP).filter((n) => !names.has(n))).toEqual([]);
  });

  it('leaves out only what has no docker equivalent, on purpose', () => {
    const none = Object.entries(JOURNAL_MAP)
      .filter(([, m]) => m === null)
      .map(([n]) => n)
      .sort();
    expect(none).toEqual(
      ['containers.uploadChunk', 'settings.update', 'terminal.host', 'volumes.uploadChunk'].filter((n) =>
        Object.prototype.hasOwnProperty.call(JOURNAL_MAP, n),
      ),
    );
  });

  it('journals no read-only call', () => {
    const readOnly = (CALL_NAMES as string[]).filter((n) =>
      /\.(list|inspect|get|status|info|df|top|changes|history|about|prunePreview|browse|usage|search|catalog|tags|runSpec|runOptions|hostPower|imageHints|detectShell|hostInfo|test|download|listFiles|checkConnectivity)$/.test(
        n,
      ),
    );
    expect(readOnly.length).toBeGreaterThan(5);
    for (const n of readOnly) expect(commandFor(n, {}, {}), n).toBeUndefined();
  });
});

describe('commandFor: the docker line of each change', () => {
  it('containers', () => {
    expect(commandFor('containers.start', { id: ID }, null)).toBe('docker start aaaaaaaaaaaa');
    expect(commandFor('containers.stop', { id: 'web', timeoutSeconds: 0 }, null)).toBe('docker stop -t 0 web');
    expect(commandFor('containers.stop', { id: 'web' }, null)).toBe('docker stop web');
    expect(commandFor('containers.remove', { id: 'web', force: true, removeVolumes: true }, null)).toBe(
      'docker rm -f -v web',
    );
    expect(commandFor('containers.remove', { id: 'web', force: false, removeVolumes: false }, null)).toBe(
      'docker rm web',
    );
    if ('containers.kill' in JOURNAL_MAP) {
      expect(commandFor('containers.kill', { id: 'web' }, null)).toBe('docker kill web');
      expect(commandFor('containers.kill', { id: 'web', signal: 'SIGHUP' }, null)).toBe('docker kill -s SIGHUP web');
    }
    if ('containers.rename' in JOURNAL_MAP)
      expect(commandFor('containers.rename', { id: 'web', name: 'web2' }, null)).toBe('docker rename web web2');
    if ('containers.run' in JOURNAL_MAP) {
      const run = commandFor(
        'containers.run',
        {
          spec: {
            image: 'nginx:1.27',
            name: 'web',
            ports: [{ hostIp: '127.0.0.1', hostPort: '8080', containerPort: '80' }],
          },
        },
        { id: ID, name: 'web', outcome: 'started', warnings: [] },
      );
      expect(run).toMatch(/^docker run /);
      expect(run).toContain(' -d ');
      expect(run).toContain('--name web');
      expect(run).toContain('127.0.0.1:8080:80');
      expect(run).toContain('nginx:1.27');
      expect(commandFor('containers.run', { spec: { image: 'nginx' }, start: false }, null)).toMatch(/^docker create /);
    }
    if ('containers.prune' in JOURNAL_MAP)
      expect(commandFor('containers.prune', { ids: [ID] }, { removed: [ID], failed: [] })).toBe(
        'docker rm aaaaaaaaaaaa',
      );
  });

  it('images, volumes, networks, registries, engines, terminal', () => {
    const has = (n: string) => n in JOURNAL_MAP;
    if (has('images.tag'))
      expect(commandFor('images.tag', { source: 'a:1', target: 'b:2' }, {})).toBe('docker tag a:1 b:2');
    if (has('images.pull')) expect(commandFor('images.pull', { ref: 'busybox' }, {})).toBe('docker pull busybox');
    if (has('images.build')) {
      expect(
        commandFor(
          'images.build',
          { contextPath: '/src/app', dockerfile: 'docker/Dockerfile.dev', tags: ['app:dev'] },
          {},
        ),
      ).toBe('docker build -f /src/app/docker/Dockerfile.dev -t app:dev /src/app');
    }
    if (has('volumes.create')) {
      expect(commandFor('volumes.create', { name: 'data', labels: { team: 'a b' } }, {})).toBe(
        "docker volume create --label 'team=a b' data",
      );
    }
    if (has('networks.create')) {
      expect(commandFor('networks.create', { name: 'app', subnet: '10.9.0.0/24' }, {})).toBe(
        'docker network create --subnet 10.9.0.0/24 app',
      );
    }
    if (has('networks.connect')) {
      expect(commandFor('networks.connect', { id: 'app', container: 'web', aliases: ['api'] }, null)).toBe(
        'docker network connect --alias api app web',
      );
    }
    if (has('registries.login')) {
      const login = commandFor(
        'registries.login',
        { server: '127.0.0.1:5000', username: 'me', password: 's3cret' },
        {},
      );
      expect(login).toBe('docker login -u me --password-stdin 127.0.0.1:5000');
      expect(login).not.toContain('s3cret');
    }
    if (has('engines.add')) {
      expect(
        commandFor('engines.add', { name: 'Build box', host: 'tcp://10.0.0.5:2376', tls: { certDir: '/certs/' } }, {}),
      ).toBe(
        'docker context create Build-box --docker host=tcp://10.0.0.5:2376,ca=/certs/ca.pem,cert=/certs/cert.pem,key=/certs/key.pem',
      );
      const names = { engine: (id: string) => (id === 'user:abcd' ? 'Build box' : undefined) };
      expect(commandFor('engines.activate', { id: 'user:abcd' }, null, names)).toBe('docker context use Build-box');
    }
    if (has('terminal.exec')) {
      expect(commandFor('terminal.exec', { id: ID, shell: 'bash', user: 'root' }, { sid: 's' })).toBe(
        'docker exec -it -u root aaaaaaaaaaaa bash',
      );
    }
    if (has('terminal.attach')) {
      expect(commandFor('terminal.attach', { id: 'web' }, { sid: 's' })).toBe('docker attach web');
      expect(commandFor('terminal.attach', { id: 'web', detachKeys: 'ctrl-x' }, { sid: 's' })).toBe(
        'docker attach --detach-keys=ctrl-x web',
      );
    }
  });

  it('system prune: exactly what was removed, kind by kind', () => {
    const out = {
      removed: [
        { kind: 'container', id: ID, name: 'old', size: 1 },
        { kind: 'network', id: 'b'.repeat(64), name: 'appnet', size: 0 },
        { kind: 'volume', id: 'data', name: 'data', size: 5 },
        { kind: 'image', id: `sha256:${'c'.repeat(64)}`, name: 'x', size: 5 },
        { kind: 'buildCache', id: 'k3j2', name: 'RUN x', size: 5 },
      ],
      failed: [],
      skipped: [],
      reclaimedBytes: 16,
    };
    expect(commandFor('system.prune', { items: {} }, out)?.split('\n')).toEqual([
      'docker rm old',
      'docker network rm appnet',
      'docker volume rm data',
      'docker rmi cccccccccccc',
      'docker builder prune -a -f --filter id=k3j2',
    ]);
    expect(commandFor('system.prune', { items: {} }, { removed: [], failed: [], skipped: [], reclaimedBytes: 0 })).toBe(
      undefined,
    );
  });

  it('never breaks: unknown calls and inputs main would refuse give undefined, not an exception', () => {
    expect(commandFor('nope.create', {}, {})).toBeUndefined();
    expect(commandFor('containers.start', undefined, undefined)).toBeUndefined();
    expect(commandFor('containers.start', { id: 42 }, undefined)).toBeUndefined();
    expect(commandFor('containers.start', { id: 'web', extra: 1 }, undefined)).toBeUndefined();
  });

  it('helpers: short ids, context names', () => {
    expect(short(`sha256:${'d'.repeat(64)}`)).toBe('dddddddddddd');
    expect(short('web')).toBe('web');
    expect(contextName('My engine (prod)')).toBe('My-engine-prod-');
    expect(contextName('***')).toBe('berth-engine');
  });
});

describe('the journal as a shell script', () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-journal-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('starts with a shebang and set -e, then the commands in order', () => {
    const s = toShellScript(['docker start a', 'docker stop b'], 'Recorded by Berth');
    expect(s.split('\n')).toEqual([
      '#!/bin/sh',
      '# Recorded by Berth',
      'set -e',
      '',
      'docker start a',
      'docker stop b',
      '',
    ]);
  });

  it('hands every word to docker exactly as given, however odd (a shell runs it against a fake docker)', () => {
    const odd = ["it's", 'a b', '$(touch pwned)', '`id`', 'x;y', 'tab\there', 'ünï', '*', '-', '=v', 'k=v w', '~'];
    const fake = join(dir, 'docker');
    writeFileSync(fake, '#!/bin/sh\nfor a in "$@"; do printf "%s\\n" "$a"; done\n');
    chmodSync(fake, 0o755);
    const script = join(dir, 'journal.sh');
    writeFileSync(script, toShellScript([docker('run', ...odd)]));
    const out = execFileSync('sh', [script], { env: { PATH: `${dir}:/usr/bin:/bin` }, cwd: dir }).toString();
    expect(out.split('\n').slice(0, -1)).toEqual(['run', ...odd]);
    expect(execFileSync('ls', [dir]).toString()).not.toContain('pwned');
  });
});

describe('journal store and the client hook', () => {
  it('records in order, bounded, and clears', () => {
    const store = createJournalStore(memoryStorage);
    store.getState().record('containers.start', 'docker start a', 1);
    store.getState().record('containers.stop', 'docker stop a', 2);
    expect(store.getState().entries.map((e) => [e.seq, e.command])).toEqual([
      [1, 'docker start a'],
      [2, 'docker stop a'],
    ]);
    for (let i = 0; i < JOURNAL_LIMIT + 5; i++) store.getState().record('containers.start', `docker start c${i}`);
    expect(store.getState().entries).toHaveLength(JOURNAL_LIMIT);
    expect(store.getState().entries.at(-1)?.command).toBe(`docker start c${JOURNAL_LIMIT + 4}`);
    store.getState().clear();
    expect(store.getState().entries).toEqual([]);
  }, 30_000);

  it('listens to every successful call, journals the changes only, and never throws into the caller', () => {
    const api = {} as ApiClient;
    const store = createJournalStore(memoryStorage);
    const uninstall = installJournal(api, store);
    api.onCallSucceeded?.('containers.list', {}, []);
    api.onCallSucceeded?.('containers.start', { id: 'web' }, null);
    api.onCallSucceeded?.('engines.list', {}, [{ id: 'user:abcd', name: 'Lab' }]);
    if ('engines.remove' in JOURNAL_MAP) api.onCallSucceeded?.('engines.remove', { id: 'user:abcd' }, null);
    const record = vi.spyOn(store.getState(), 'record').mockImplementation(() => {
      throw new Error('boom');
    });
    expect(() => api.onCallSucceeded?.('containers.stop', { id: 'web' }, null)).not.toThrow();
    record.mockRestore();
    const commands = store.getState().entries.map((e) => e.command);
    expect(commands[0]).toBe('docker start web');
    if ('engines.remove' in JOURNAL_MAP) expect(commands[1]).toBe('docker context rm Lab');
    uninstall();
    expect(api.onCallSucceeded).toBeUndefined();
  });
});
