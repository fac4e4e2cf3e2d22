/**
 * `npm run web`: Berth in a browser. The same backend as the desktop app,
 * the built renderer and the contract over a WebSocket on loopback.
 */
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { createBackend } from './backend';
import { startWebServer } from './web/web-server';
import { version } from '../package.json';
import { defaultLogDir, logUncaught, startLogFile, watchEngineStatus } from './services/log-file';
import { defaultSettingsFile } from './services/settings.service';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      host: { type: 'string', default: process.env.BERTH_HOST ?? '127.0.0.1' },
      port: { type: 'string', default: process.env.BERTH_PORT ?? '7787' },
      renderer: { type: 'string', default: join(__dirname, '..', 'renderer') },
      'log-dir': { type: 'string', default: defaultLogDir() },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`berth: --port must be a number from 0 to 65535, not "${values.port}"`);
    process.exit(2);
  }
  const loopback = ['127.0.0.1', '::1', 'localhost'].includes(values.host);
  if (!loopback) {
    console.warn(
      `berth: listening on ${values.host}, not loopback: anyone who has the token controls your Docker engine.`,
    );
  }

  const log = startLogFile(
    values['log-dir'],
    `Berth ${version} (web mode) on ${process.platform}/${process.arch}, Node ${process.versions.node}`,
  );
  logUncaught();
  const backend = createBackend({ settingsFile: defaultSettingsFile(), logFile: log.file });
  watchEngineStatus(backend.engine);
  backend.start();
  const web = await startWebServer({ backend, rendererDir: values.renderer, host: values.host, port });
  const status = await backend.engine.whenConnected(3000);
  console.log(`Berth web mode — engine ${backend.engine.endpoint.host}: ${status.state}`);
  if (log.file) console.log(`Berth's log: ${log.file}`);
  console.log(`Open ${web.url}`);

  const shutdown = () => {
    void backend
      .dispose()
      .then(() => web.close())
      .then(() => log.stop())
      .then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((err: unknown) => {
  const e = err as { code?: string; message?: string };
  if (e.code === 'EADDRINUSE') console.error('berth: that port is already in use; pass --port 0 for a free one.');
  else console.error(`berth: ${e.message ?? String(err)}`);
  process.exit(1);
});
