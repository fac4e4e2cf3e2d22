import { describe, expect, it } from 'vitest';
import {
  convertToHostname,
  displayHost,
  nextFromLink,
  parseChallenge,
  registryUnreachable,
  serverKey,
} from '../../../main/services/registries.service';
import { DOCKER_HUB_KEY, RegistryServer } from '../../../preload/contract/registries.contract';

describe('registry keys (as the CLI keys config.json)', () => {
  it('uses the legacy URL for Docker Hub and host[:port] for the rest', () => {
    for (const hub of ['docker.io', 'index.docker.io', 'https://index.docker.io/v1/', 'registry-1.docker.io']) {
      expect(serverKey(hub)).toBe(DOCKER_HUB_KEY);
    }
    expect(serverKey('127.0.0.1:5000')).toBe('127.0.0.1:5000');
    expect(serverKey('https://registry.example.com/v1/')).toBe('registry.example.com');
    expect(convertToHostname('http://localhost:5000/v2/')).toBe('localhost:5000');
    expect(displayHost(DOCKER_HUB_KEY)).toBe('docker.io');
  });

  it('accepts hosts, ports and schemes, refuses paths, spaces and user info', () => {
    for (const ok of [
      'docker.io',
      '127.0.0.1:5000',
      'https://r.example.com',
      'http://[::1]:5000',
      'https://index.docker.io/v1/',
    ]) {
      expect(RegistryServer.safeParse(ok).success).toBe(true);
    }
    for (const bad of ['', 'a b', 'host/path', 'user:pw@host', 'http://x/../y', 'ftp://x']) {
      expect(RegistryServer.safeParse(bad).success).toBe(false);
    }
  });
});

describe('/v2/ auth and paging', () => {
  it('parses Bearer and Basic challenges', () => {
    expect(
      parseChallenge(
        'Bearer realm="https://auth.example.com/token",service="registry.example.com",scope="registry:catalog:*"',
      ),
    ).toEqual({
      scheme: 'bearer',
      params: { realm: 'https://auth.example.com/token', service: 'registry.example.com', scope: 'registry:catalog:*' },
    });
    expect(parseChallenge('Basic realm="berth-test"')).toEqual({ scheme: 'basic', params: { realm: 'berth-test' } });
    expect(parseChallenge(null)).toBeUndefined();
  });

  it('reads the next page from a Link header', () => {
    expect(nextFromLink('</v2/_catalog?last=b%2Fc&n=2>; rel="next"')).toBe('b/c');
    expect(nextFromLink(null)).toBeUndefined();
    expect(nextFromLink('<x>; rel="prev"')).toBeUndefined();
  });
});

describe('registryUnreachable', () => {
  it('names the registry and why, from the engine\u2019s words', () => {
    const e = registryUnreachable(
      '127.0.0.1:9',
      'Get "http://127.0.0.1:9/v2/": dial tcp 127.0.0.1:9: connect: connection refused',
    );
    expect(e?.code).toBe('unreachable');
    expect(e?.message).toMatch(/^cannot reach registry 127\.0\.0\.1:9 \(connection refused\): Get/);
    expect(
      registryUnreachable('r.example', 'dial tcp: lookup r.example on 127.0.0.53:53: no such host')?.message,
    ).toMatch(/\(no such host\)/);
    expect(registryUnreachable('r.example', 'net/http: TLS handshake timeout')?.code).toBe('unreachable');
  });

  it('leaves other failures alone', () => {
    expect(registryUnreachable('r', 'unauthorized: incorrect username or password')).toBeUndefined();
    expect(registryUnreachable('r', 'manifest unknown')).toBeUndefined();
  });
});
