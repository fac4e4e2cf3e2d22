/**
 * TLS material for tests, made with openssl: a CA, a server certificate for
 * 127.0.0.1 and a client certificate — the layout the docker CLI expects in
 * DOCKER_CERT_PATH (ca.pem, cert.pem, key.pem).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ssl = (cwd: string, ...args: string[]) => execFileSync('openssl', args, { cwd, stdio: 'pipe' });

export interface TlsMaterial {
  dir: string;
  /** ca.pem, server-cert.pem, server-key.pem */
  server: { ca: string; cert: string; key: string };
  /** A DOCKER_CERT_PATH folder: ca.pem, cert.pem, key.pem */
  clientDir: string;
}

export function makeTls(name = 'berth-test'): TlsMaterial {
  const dir = mkdtempSync(join(tmpdir(), 'berth-tls-'));
  ssl(
    dir,
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    `/CN=${name} CA`,
    '-keyout',
    'ca-key.pem',
    '-out',
    'ca.pem',
  );
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  ssl(
    dir,
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/CN=127.0.0.1',
    '-keyout',
    'server-key.pem',
    '-out',
    'server.csr',
  );
  ssl(
    dir,
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca-key.pem',
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    'server.ext',
    '-out',
    'server-cert.pem',
  );
  const clientDir = join(dir, 'client');
  execFileSync('mkdir', ['-p', clientDir]);
  writeFileSync(join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
  ssl(
    dir,
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/CN=berth-client',
    '-keyout',
    'client/key.pem',
    '-out',
    'client.csr',
  );
  ssl(
    dir,
    'x509',
    '-req',
    '-in',
    'client.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca-key.pem',
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    'client.ext',
    '-out',
    'client/cert.pem',
  );
  execFileSync('cp', [join(dir, 'ca.pem'), join(clientDir, 'ca.pem')]);
  return {
    dir,
    server: { ca: join(dir, 'ca.pem'), cert: join(dir, 'server-cert.pem'), key: join(dir, 'server-key.pem') },
    clientDir,
  };
}
