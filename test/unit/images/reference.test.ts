import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ImageRef,
  ImageTagTarget,
  isImageRef,
  normalizeReference,
  parseReference,
} from '../../../preload/contract/images.contract';

const D = `sha256:${'a'.repeat(64)}`;

describe('parseReference (distribution/reference ParseNormalizedNamed)', () => {
  it.each([
    ['busybox', 'docker.io/library/busybox', 'busybox'],
    ['mysql:5.7', 'docker.io/library/mysql:5.7', 'mysql:5.7'],
    ['library/mysql:5.7', 'docker.io/library/mysql:5.7', 'mysql:5.7'],
    ['docker.io/mysql', 'docker.io/library/mysql', 'mysql'],
    ['index.docker.io/mysql:8', 'docker.io/library/mysql:8', 'mysql:8'],
    ['docker.io/library/mysql', 'docker.io/library/mysql', 'mysql'],
    ['user/repo:tag', 'docker.io/user/repo:tag', 'user/repo:tag'],
    ['library/a/b', 'docker.io/library/a/b', 'library/a/b'],
    ['localhost/foo', 'localhost/foo', 'localhost/foo'],
    ['localhost:5000/foo/bar:1', 'localhost:5000/foo/bar:1', 'localhost:5000/foo/bar:1'],
    ['127.0.0.1:5000/x', '127.0.0.1:5000/x', '127.0.0.1:5000/x'],
    ['[::1]:5000/x:y', '[::1]:5000/x:y', '[::1]:5000/x:y'],
    [
      'registry.example.com/team/app:v1.2-rc_3',
      'registry.example.com/team/app:v1.2-rc_3',
      'registry.example.com/team/app:v1.2-rc_3',
    ],
    [`foo.com/bar@${D}`, `foo.com/bar@${D}`, `foo.com/bar@${D}`],
    [`busybox:1@${D}`, `docker.io/library/busybox:1@${D}`, `busybox:1@${D}`],
    ['a__b/c--d/e.f_g', 'docker.io/a__b/c--d/e.f_g', 'a__b/c--d/e.f_g'],
    // An uppercase first component is a registry host, as the engine reads it.
    ['Foo/bar', 'Foo/bar', 'Foo/bar'],
  ])('%s → %s', (input, normalized, familiar) => {
    const r = parseReference(input);
    expect(r.ok && r.ref.normalized).toBe(normalized);
    expect(r.ok && r.ref.familiar).toBe(familiar);
  });

  it('splits domain, path, tag and digest', () => {
    expect(normalizeReference(`localhost:5000/a/b:t@${D}`)).toEqual({
      domain: 'localhost:5000',
      path: 'a/b',
      tag: 't',
      digest: D,
      name: 'localhost:5000/a/b',
      normalized: `localhost:5000/a/b:t@${D}`,
      familiar: `localhost:5000/a/b:t@${D}`,
    });
  });

  it('adds :latest only when asked and only without tag or digest (docker pull)', () => {
    expect(normalizeReference('busybox', { defaultTag: true }).normalized).toBe('docker.io/library/busybox:latest');
    expect(normalizeReference('busybox:1', { defaultTag: true }).tag).toBe('1');
    expect(normalizeReference(`busybox@${D}`, { defaultTag: true }).tag).toBeUndefined();
    expect(normalizeReference('busybox').tag).toBeUndefined();
  });

  it.each([
    ['', /at least one component/],
    ['Busybox', /repository name \(library\/Busybox\) must be lowercase/],
    ['foo/Bar:1', /repository name \(foo\/Bar\) must be lowercase/],
    ['localhost:5000/Foo', /must be lowercase/],
    ['a'.repeat(64).replace(/a/g, 'f'), /64-byte hexadecimal/],
    ['a:b:c', /invalid reference format/],
    ['-foo', /invalid reference format/],
    ['foo:', /invalid reference format/],
    ['foo_-bar', /invalid reference format/],
    ['foo//bar', /invalid reference format/],
    ['foo bar', /invalid reference format/],
    ['foo@sha256:abc', /invalid reference format/],
    [`foo:${'t'.repeat(129)}`, /invalid reference format/],
    [`${'a'.repeat(250)}/bbbbbbbbbb`, /not be more than 255/],
    ['foo/../bar', /invalid reference format/],
    ['foo?x=1', /invalid reference format/],
  ])('refuses %s', (input, message) => {
    const r = parseReference(input);
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.error).toMatch(message);
  });

  it('accepts a 128-character tag', () => {
    expect(parseReference(`foo:${'t'.repeat(128)}`).ok).toBe(true);
  });

  it('never lets a path-breaking character through (fuzz)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (s) => {
        const r = parseReference(s);
        if (r.ok) expect(r.ref.normalized).toMatch(/^[A-Za-z0-9._:/@[\]-]+$/);
        if (isImageRef(s)) expect(s).not.toMatch(/[\s?#%\\]|\.\.\//);
      }),
    );
  });

  it('is idempotent: the normalised form parses to itself', () => {
    for (const s of ['busybox', 'mysql:5.7', 'user/repo', 'localhost:5000/x:1', `a/b@${D}`]) {
      const n = normalizeReference(s).normalized;
      expect(normalizeReference(n).normalized).toBe(n);
    }
  });
});

describe('schemas', () => {
  it('ImageRef takes ids and references, nothing else', () => {
    for (const ok of ['busybox', 'abc123', `sha256:${'b'.repeat(64)}`, 'b'.repeat(64), 'localhost:5000/x:1']) {
      expect(ImageRef.safeParse(ok).success).toBe(true);
    }
    for (const bad of ['', 'A B', 'x/../../containers', 'Busy', 'x?y', 'x#y']) {
      expect(ImageRef.safeParse(bad).success).toBe(false);
    }
  });
  it('ImageTagTarget refuses digests and reports the grammar error', () => {
    expect(ImageTagTarget.safeParse('a/b:1').success).toBe(true);
    expect(ImageTagTarget.safeParse(`a/b@${D}`).success).toBe(false);
    const r = ImageTagTarget.safeParse('a/B');
    expect(r.success ? '' : r.error.issues[0]?.message).toMatch(/lowercase/);
  });
});
