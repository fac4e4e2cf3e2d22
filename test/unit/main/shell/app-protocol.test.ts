import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { APP_SCHEME_PRIVILEGES, registerAppProtocol } from '../../../../main/shell/app-protocol';
import { CONTENT_SECURITY_POLICY } from '../../../../main/shell/csp';
import { makeTempDir, type TempDir } from '../../helpers/temp-dir';

vi.mock('electron', () => ({}));

describe('registerAppProtocol', () => {
  let dir: TempDir;
  let handler: (request: { url: string }) => Promise<Response>;

  beforeAll(() => {
    dir = makeTempDir();
    dir.write('secret.txt', 'outside the renderer');
    dir.write('renderer/index.html', '<!doctype html><title>Berth</title>');
    dir.write('renderer/assets/a.js', 'console.log(1)');
    const protocol = { handle: vi.fn() };
    registerAppProtocol(protocol, dir.path('renderer'));
    expect(protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    handler = protocol.handle.mock.calls[0]?.[1] as typeof handler;
  });
  afterAll(() => dir.remove());

  it('registers app: as standard and secure', () => {
    expect(APP_SCHEME_PRIVILEGES).toEqual([
      { scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) },
    ]);
  });

  it('serves index.html for / and files by path, with the CSP header', async () => {
    for (const url of ['app://berth/', 'app://berth/index.html']) {
      const res = await handler({ url });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await res.text()).toContain('<title>Berth</title>');
    }
    const js = await handler({ url: 'app://berth/assets/a.js' });
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await js.text()).toBe('console.log(1)');
  });

  it.each([
    'app://berth/../secret.txt',
    'app://berth/%2e%2e/secret.txt',
    'app://berth/assets/../../secret.txt',
    'app://berth/nope.js',
    'app://other/index.html',
  ])('answers 404 for %s', async (url) => {
    const res = await handler({ url });
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('outside the renderer');
  });
});
