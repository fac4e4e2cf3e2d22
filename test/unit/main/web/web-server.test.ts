import { request } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { startWebServer, type WebServer } from '../../../../main/web/web-server';
import { CONTENT_SECURITY_POLICY } from '../../../../main/shell/csp';
import { fakeBackend } from '../../helpers/fake-backend';
import { makeTempDir, type TempDir } from '../../helpers/temp-dir';

const TOKEN = 'test-token-0123456789';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP request: the path is sent exactly as given, and Host can be forged. */
function get(port: number, path: string, opts: { host?: string; method?: string } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: opts.method ?? 'GET',
        headers: { host: opts.host ?? `127.0.0.1:${port}` },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Resolves with the HTTP status the upgrade was refused with, or 'open' if it was accepted. */
function tryUpgrade(url: string, origin?: string): Promise<number | 'open'> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, origin ? { origin } : {});
    ws.on('open', () => {
      ws.terminate();
      resolve('open');
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('error', () => resolve(-1));
  });
}

/** An open client with a queue of parsed messages, for `next()`. */
async function connect(server: WebServer) {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${TOKEN}`, {
    origin: `http://127.0.0.1:${server.port}`,
  });
  const inbox: unknown[] = [];
  const waiters: ((m: unknown) => void)[] = [];
  ws.on('message', (data) => {
    const msg = JSON.parse(String(data)) as unknown;
    const w = waiters.shift();
    if (w) w(msg);
    else inbox.push(msg);
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    ws,
    next: () =>
      inbox.length > 0 ? Promise.resolve(inbox.shift()) : new Promise<unknown>((resolve) => waiters.push(resolve)),
    closed: () =>
      new Promise<void>((resolve) => (ws.readyState === WebSocket.CLOSED ? resolve() : ws.once('close', resolve))),
  };
}

describe('startWebServer', () => {
  let dir: TempDir;
  let server: WebServer;
  let fake: ReturnType<typeof fakeBackend>;
  const clients: WebSocket[] = [];

  beforeAll(async () => {
    dir = makeTempDir();
    dir.write('package.json', '{"secret":"outside"}');
    dir.write('renderer/index.html', '<!doctype html><title>Berth web</title>');
    dir.write('renderer/assets/a.js', 'export const a = 1;');
    fake = fakeBackend((name, input) => ({ ok: true, value: { echo: name, input } }));
    server = await startWebServer({ backend: fake.backend, rendererDir: dir.path('renderer'), port: 0, token: TOKEN });
  });

  afterEach(() => {
    for (const c of clients.splice(0)) c.terminate();
  });

  afterAll(async () => {
    await server.close();
    dir.remove();
  });

  const open = async () => {
    const c = await connect(server);
    clients.push(c.ws);
    return c;
  };

  it('listens on loopback on a free port and shows the token in its URL', () => {
    expect(server.port).toBeGreaterThan(0);
    expect(server.token).toBe(TOKEN);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${TOKEN}`);
  });

  it('serves / (index.html) and /assets/a.js with the CSP and hardening headers', async () => {
    const index = await get(server.port, '/');
    expect(index.status).toBe(200);
    expect(index.body).toContain('<title>Berth web</title>');
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(index.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    expect(index.headers['x-frame-options']).toBe('DENY');
    expect(index.headers['referrer-policy']).toBe('no-referrer');

    const js = await get(server.port, '/assets/a.js?v=1');
    expect(js.status).toBe(200);
    expect(js.body).toBe('export const a = 1;');
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  });

  it('accepts the localhost Host name too', async () => {
    expect((await get(server.port, '/', { host: `localhost:${server.port}` })).status).toBe(200);
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await get(server.port, '/', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    const post = await get(server.port, '/', { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
  });

  it.each([
    '/../package.json',
    '/%2e%2e/package.json',
    '/assets/../../package.json',
    '/..%2fpackage.json',
    '/etc/passwd',
    '/../../../../etc/passwd',
    '/assets/b.js',
    '/index.htm',
  ])('answers 404 for %s', async (path) => {
    const res = await get(server.port, path);
    expect(res.status).toBe(404);
    expect(res.body).not.toContain('secret');
    expect(res.body).not.toContain('root:');
  });

  it.each([
    ['evil.example', () => 'evil.example'],
    ['evil.example:<port>', () => `evil.example:${server.port}`],
    ['127.0.0.1 on another port', () => `127.0.0.1:${server.port + 1}`],
    ['attacker.test:80', () => 'attacker.test:80'],
  ])('answers 421 for a foreign Host header %s (DNS rebinding)', async (_label, host) => {
    const res = await get(server.port, '/', { host: host() });
    expect(res.status).toBe(421);
    expect(res.body).not.toContain('Berth web');
  });

  describe('WebSocket', () => {
    const wsUrl = (query: string) => `ws://127.0.0.1:${server.port}/ws${query}`;
    const goodOrigin = () => `http://127.0.0.1:${server.port}`;

    it('refuses a connection without a token', async () => {
      expect(await tryUpgrade(wsUrl(''), goodOrigin())).toBe(403);
    });

    it.each(['wrong', `${TOKEN}x`, TOKEN.slice(0, -1), '', encodeURIComponent(TOKEN.toUpperCase())])(
      'refuses a wrong token %j',
      async (token) => {
        expect(await tryUpgrade(wsUrl(`?token=${token}`), goodOrigin())).toBe(403);
      },
    );

    it.each(['http://evil.example', 'null', 'https://127.0.0.1:1', 'file://'])(
      'refuses a foreign Origin %j',
      async (origin) => {
        expect(await tryUpgrade(wsUrl(`?token=${TOKEN}`), origin)).toBe(403);
      },
    );

    it('refuses a missing Origin', async () => {
      expect(await tryUpgrade(wsUrl(`?token=${TOKEN}`))).toBe(403);
    });

    it('refuses the right token and Origin under a foreign Host', async () => {
      const status = await new Promise<number>((resolve) => {
        const ws = new WebSocket(wsUrl(`?token=${TOKEN}`), {
          origin: goodOrigin(),
          headers: { host: `evil.example:${server.port}` },
        });
        ws.on('unexpected-response', (_req, res) => {
          resolve(res.statusCode ?? 0);
          ws.terminate();
        });
        ws.on('open', () => resolve(101));
        ws.on('error', () => resolve(-1));
      });
      expect(status).toBe(403);
    });

    it('refuses the right token on another path', async () => {
      expect(await tryUpgrade(`ws://127.0.0.1:${server.port}/other?token=${TOKEN}`, goodOrigin())).toBe(403);
    });

    it('no refused attempt ever reached the backend', () => {
      expect(fake.dispatch).not.toHaveBeenCalled();
      expect(server.clientCount()).toBe(0);
    });

    it('accepts the right token and Origin, and a call makes a round trip', async () => {
      const c = await open();
      c.ws.send(JSON.stringify({ t: 'call', id: 7, name: 'containers.start', input: { id: 'abc' } }));
      expect(await c.next()).toEqual({
        t: 'result',
        id: 7,
        envelope: { ok: true, value: { echo: 'containers.start', input: { id: 'abc' } } },
      });
      expect(fake.dispatch).toHaveBeenCalledWith('containers.start', { id: 'abc' });
    });

    it('answers concurrent calls by id', async () => {
      const c = await open();
      for (const id of [1, 2, 3]) c.ws.send(JSON.stringify({ t: 'call', id, name: 'system.status', input: { n: id } }));
      const results = (await Promise.all([c.next(), c.next(), c.next()])) as { id: number; envelope: unknown }[];
      expect(results.map((r) => r.id).sort()).toEqual([1, 2, 3]);
      for (const r of results) {
        expect(r.envelope).toEqual({ ok: true, value: { echo: 'system.status', input: { n: r.id } } });
      }
    });

    it.each([
      ['not json'],
      ['{"t":"call","id":"1","name":"system.status"}'],
      ['{"t":"call","id":1.5,"name":"system.status"}'],
      ['{"t":"nope","id":1}'],
      ['null'],
      ['[1,2]'],
      ['{"t":"call","name":"system.status"}'],
    ])('answers {t:"error"} to the malformed message %s and stays open', async (raw) => {
      const c = await open();
      c.ws.send(raw);
      expect(await c.next()).toEqual({ t: 'error', error: { code: 'invalid_input', message: 'malformed message' } });
      c.ws.send(JSON.stringify({ t: 'call', id: 1, name: 'system.status', input: {} }));
      expect(await c.next()).toMatchObject({ t: 'result', id: 1 });
    });

    it('answers {t:"error"} to a binary message', async () => {
      const c = await open();
      c.ws.send(Buffer.from(JSON.stringify({ t: 'call', id: 1, name: 'system.status', input: {} })), {
        binary: true,
      });
      expect(await c.next()).toMatchObject({ t: 'error', error: { code: 'invalid_input' } });
    });

    it('delivers backend events to every connected client', async () => {
      const a = await open();
      const b = await open();
      await vi.waitFor(() => expect(fake.listeners.size).toBe(2));
      fake.emit('containers.changed', { ids: ['abc', '中文'] });
      const expected = { t: 'event', name: 'containers.changed', payload: { ids: ['abc', '中文'] } };
      expect(await a.next()).toEqual(expected);
      expect(await b.next()).toEqual(expected);
    });

    it('unsubscribes a client from backend events when it goes away', async () => {
      const c = await open();
      await vi.waitFor(() => expect(fake.listeners.size).toBe(1));
      c.ws.close();
      await c.closed();
      await vi.waitFor(() => expect(fake.listeners.size).toBe(0));
      await vi.waitFor(() => expect(server.clientCount()).toBe(0));
    });
  });
});

describe('startWebServer close()', () => {
  async function serverWithTwoClients() {
    const dir = makeTempDir();
    dir.write('renderer/index.html', 'x');
    const fake = fakeBackend(() => ({ ok: true, value: null }));
    const server = await startWebServer({ backend: fake.backend, rendererDir: dir.path('renderer'), token: TOKEN });
    const a = await connect(server);
    const b = await connect(server);
    await vi.waitFor(() => expect(server.clientCount()).toBe(2));
    expect(fake.listeners.size).toBe(2);
    return { dir, fake, server, clients: [a, b] };
  }

  it('drops every client, unsubscribes them, leaves clientCount() at 0 and stops listening', async () => {
    const { dir, fake, server, clients } = await serverWithTwoClients();
    try {
      await server.close();
      await Promise.all(clients.map((c) => c.closed()));
      await vi.waitFor(() => expect(server.clientCount()).toBe(0));
      await vi.waitFor(() => expect(fake.listeners.size).toBe(0));
      await expect(get(server.port, '/')).rejects.toThrow();
    } finally {
      dir.remove();
    }
  });

  // KNOWN BUG (reported): close() resolves when the HTTP server has closed, not when the
  // WebSocket server has: the terminated clients are still counted (and still subscribed to
  // the backend) at that moment. Remove `.fails` once close() awaits wss.close(cb).
  it('has clientCount() 0 and no backend listener as soon as close() resolves', async () => {
    const { dir, fake, server } = await serverWithTwoClients();
    try {
      await server.close();
      expect(server.clientCount()).toBe(0);
      expect(fake.listeners.size).toBe(0);
    } finally {
      dir.remove();
    }
  });

  it('uses a random token when none is given', async () => {
    const dir = makeTempDir();
    dir.write('renderer/index.html', 'x');
    const fake = fakeBackend(() => ({ ok: true, value: null }));
    const a = await startWebServer({ backend: fake.backend, rendererDir: dir.path('renderer') });
    const b = await startWebServer({ backend: fake.backend, rendererDir: dir.path('renderer') });
    try {
      expect(a.token).not.toBe(b.token);
      expect(a.token.length).toBeGreaterThanOrEqual(24);
    } finally {
      await Promise.all([a.close(), b.close()]);
      dir.remove();
    }
  });
});
