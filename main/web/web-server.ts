import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Backend } from '../backend';
import { decodeWire, encodeWireFrame } from '../../preload/contract/wire';
import { CONTENT_SECURITY_POLICY } from '../shell/csp';
import { lookup, mimeOf, rendererFiles } from '../shell/static-files';

export interface WebServerOptions {
  backend: Backend;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Fixed token (tests); a random one per start otherwise. */
  token?: string;
}

export interface WebServer {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  readonly server: Server;
  /** Open WebSocket clients (tests check that they go away). */
  clientCount(): number;
  close(): Promise<void>;
}

const sameToken = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * Ws messages from the page: `{ t: 'call', id, name, input }`,
 * `{ t: 'stream.open', id, name, input }`, `{ t: 'stream.control', sid, msg }`.
 */
type ClientMessage =
  | { t: 'call' | 'stream.open'; id: number; name: unknown; input: unknown }
  | { t: 'stream.control'; sid: unknown; msg: unknown };

function parseMessage(raw: string | Uint8Array): ClientMessage | undefined {
  try {
    const m = decodeWire(raw) as Record<string, unknown> | null;
    if (!m || typeof m !== 'object') return undefined;
    if ((m.t === 'call' || m.t === 'stream.open') && typeof m.id === 'number' && Number.isSafeInteger(m.id)) {
      return m as ClientMessage;
    }
    if (m.t === 'stream.control') return m as ClientMessage;
  } catch {
    /* fallthrough */
  }
  return undefined;
}

function toBytes(data: Buffer | ArrayBuffer | Buffer[]): Uint8Array | undefined {
  if (Array.isArray(data)) return Buffer.concat(data);
  return data instanceof ArrayBuffer ? new Uint8Array(data) : data;
}

/**
 * Web mode: the built renderer and the same contract over a WebSocket, from
 * the same backend. Loopback by default, a random token per start, foreign
 * Origins and Hosts refused, payloads validated by the same dispatcher as IPC.
 */
export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  const host = opts.host ?? '127.0.0.1';
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const files = rendererFiles(opts.rendererDir);
  let port = opts.port ?? 0;

  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `${host}:${port}`]);
  const allowedOrigins = () => new Set([...allowedHosts()].map((h) => `http://${h}`));

  const server = createServer((req, res) => {
    if (!allowedHosts().has(req.headers.host ?? '')) {
      res.writeHead(421, { 'content-type': 'text/plain' }).end('misdirected request');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const file = lookup(files, path);
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': mimeOf(file),
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
      'cache-control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : readFileSync(file));
  });

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: 1024 * 1024,
  });

  const authorize = (req: IncomingMessage): boolean => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname !== '/ws') return false;
    if (!allowedHosts().has(req.headers.host ?? '')) return false;
    if (!allowedOrigins().has(req.headers.origin ?? '')) return false;
    return sameToken(url.searchParams.get('token') ?? '', token);
  };

  server.on('upgrade', (req, socket, head) => {
    if (!authorize(req)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nconnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  let connections = 0;
  wss.on('connection', (ws: WebSocket) => {
    const owner = `ws:${++connections}`;
    const send = (msg: unknown) => {
      // Messages with bytes (stream output) go as one binary frame, the rest as JSON text.
      if (ws.readyState === ws.OPEN) ws.send(encodeWireFrame(msg));
    };
    const internal = (err: unknown) => ({
      ok: false,
      error: { code: 'internal', message: String((err as Error)?.message ?? err) },
    });
    const unsubscribe = opts.backend.subscribe((name, payload) => send({ t: 'event', name, payload }));
    ws.on('message', (data, isBinary) => {
      const raw = isBinary ? toBytes(data) : data.toString();
      const msg = raw === undefined ? undefined : parseMessage(raw);
      if (!msg) {
        send({ t: 'error', error: { code: 'invalid_input', message: 'malformed message' } });
      } else if (msg.t === 'stream.control') {
        opts.backend.streams.control(owner, msg.sid, msg.msg);
      } else if (msg.t === 'stream.open') {
        void opts.backend.streams
          .open(owner, msg.name, msg.input, (sid, m) => send({ t: 'stream', sid, msg: m }))
          .catch(internal)
          .then((envelope) => send({ t: 'result', id: msg.id, envelope }));
      } else {
        void opts.backend
          .dispatch(msg.name, msg.input)
          .catch(internal)
          .then((envelope) => send({ t: 'result', id: msg.id, envelope }));
      }
    });
    const gone = () => {
      unsubscribe();
      void opts.backend.streams.releaseOwner(owner);
    };
    ws.on('close', gone);
    ws.on('error', gone);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address();
  port = typeof addr === 'object' && addr ? addr.port : port;
  const shownHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
    port,
    token,
    server,
    clientCount: () => wss.clients.size,
    async close() {
      // ws calls back once every tracked client has gone (and so unsubscribed).
      const wsClosed = new Promise<void>((resolve) => wss.close(() => resolve()));
      for (const c of wss.clients) c.terminate();
      const httpClosed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await Promise.all([wsClosed, httpClosed]);
    },
  };
}
