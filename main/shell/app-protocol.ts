import { readFile } from 'node:fs/promises';
import type { Protocol } from 'electron';
import { CONTENT_SECURITY_POLICY } from './csp';
import { APP_SCHEME } from './security';
import { lookup, mimeOf, rendererFiles } from './static-files';

/** Must run before app 'ready'. */
export const APP_SCHEME_PRIVILEGES = [
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
];

/** Serves the built renderer on app://berth/ from a fixed allowlist, with the CSP as a header. */
export function registerAppProtocol(protocol: Pick<Protocol, 'handle'>, rendererDir: string): void {
  const files = rendererFiles(rendererDir);
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file = url.host === 'berth' ? lookup(files, url.pathname) : undefined;
    if (!file) return new Response('not found', { status: 404 });
    return new Response(await readFile(file), {
      headers: {
        'content-type': mimeOf(file),
        'content-security-policy': CONTENT_SECURITY_POLICY,
        'x-content-type-options': 'nosniff',
      },
    });
  });
}
