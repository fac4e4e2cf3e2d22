import fc from 'fast-check';
import type Docker from 'dockerode';
import { describe, expect, it, vi } from 'vitest';
import type { z } from 'zod';
import { enginePathProblem, guardEnginePaths } from '../../../../main/engine/engine-path';
import { ContainerRef } from '../../../../preload/contract/common';
import { RunImage } from '../../../../preload/contract/containers.contract';
import { ImageRef, ImageReferenceInput, ImageTagTarget } from '../../../../preload/contract/images.contract';
import { NetworkRef } from '../../../../preload/contract/networks.contract';
import { PruneItems } from '../../../../preload/contract/system.contract';
import { VolumeName } from '../../../../preload/contract/volumes.contract';

// Ids, names and references go into the engine's URL paths. Two layers keep
// them there and nowhere else: each schema checks the engine's grammar, and
// the modem guard refuses any path that is not clean before a byte is sent.

describe('enginePathProblem', () => {
  it.each([
    '/_ping',
    '/v1.41/containers/json?',
    '/v1.41/containers/create?',
    '/v1.41/containers/0123abcd/json',
    '/v1.41/containers/my_app.1-x/logs?',
    '/v1.41/images/busybox:latest/json',
    '/v1.41/images/localhost:5000/team/app:v1.2-rc_3/json',
    '/v1.41/images/[::1]:5000/x:y/json',
    `/v1.41/images/sha256:${'a'.repeat(64)}/json`,
    `/v1.41/images/app@sha256:${'b'.repeat(64)}/push?`,
    '/v1.41/volumes/data.v1',
    '/v1.41/networks/f00/connect',
    '/v1.41/exec/abc/start',
    '/v1.41/containers/abc/archive?path=%2Fetc%2F..%2Fx&x=1',
  ])('lets %s through', (p) => {
    expect(enginePathProblem(p)).toBeUndefined();
  });

  it.each([
    ['/v1.41/containers//web/json', /empty/],
    ['/v1.41/images/a/../../info', /"\.\."/],
    ['/v1.41/images/./x/json', /"\."/],
    ['/v1.41/containers/../info', /"\.\."/],
    ['/v1.41/containers/a%2F..%2Finfo/json', /character/],
    ['/v1.41/containers/a b/json', /character/],
    ['/v1.41/containers/a#b/json', /character/],
    ['/v1.41/containers/a\\b/json', /character/],
    ['/v1.41/containers/a\nb/json', /character/],
    ['/v1.41/containers/é/json', /character/],
    ['/v1.41/containers/x/', /empty/],
    ['v1.41/info', /start with/],
    ['', /start with/],
    [undefined, /no path/],
  ])('refuses %j', (p, why) => {
    expect(enginePathProblem(p)).toMatch(why);
  });
});

describe('guardEnginePaths', () => {
  function fakeDocker() {
    const dial = vi.fn((_o: { path?: string }, cb?: (e: unknown, d?: unknown) => void) => cb?.(null, 'sent'));
    return { docker: { modem: { dial } } as unknown as Docker, dial };
  }

  it('passes a clean request to the modem unchanged', async () => {
    const { docker, dial } = fakeDocker();
    guardEnginePaths(docker);
    const out = await new Promise((resolve) =>
      docker.modem.dial({ path: '/v1.41/containers/abc/json' }, (e: unknown, d: unknown) => resolve([e, d])),
    );
    expect(out).toEqual([null, 'sent']);
    expect(dial).toHaveBeenCalledTimes(1);
  });

  it('answers invalid_input for an unclean path, asynchronously, and sends nothing', async () => {
    const { docker, dial } = fakeDocker();
    guardEnginePaths(docker);
    let sync = true;
    const err = await new Promise<{ code?: string; message?: string }>((resolve) => {
      docker.modem.dial({ path: '/v1.41/containers//x/json' }, (e: unknown) => {
        expect(sync).toBe(false);
        resolve(e as { code?: string });
      });
      sync = false;
    });
    expect(err.code).toBe('invalid_input');
    expect(err.message).toMatch(/empty path segment/);
    expect(dial).not.toHaveBeenCalled();
  });

  it('wraps only once', () => {
    const { docker, dial } = fakeDocker();
    guardEnginePaths(guardEnginePaths(docker));
    docker.modem.dial({ path: '/x' }, () => {});
    expect(dial).toHaveBeenCalledTimes(1);
  });
});

/** Where each identifier goes: every path dockerode builds from it. */
const paths = (id: string) => [`/v1.41/containers/${id}/json`, `/v1.41/images/${id}/json`, `/v1.41/x/${id}`];

// Strings made of the characters that matter in a path, so that the schemas' edges are hit often.
const pathy = fc.string({
  unit: fc.constantFrom(...'aZ09/.:@-_+[]%#?\\ ~'.split(''), 'sha256:', '..', '//', '/', 'library/'),
  maxLength: 40,
});
const hostile = fc.oneof(
  pathy,
  fc.string({ maxLength: 40 }),
  fc.stringMatching(/^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]*$/),
  fc.stringMatching(/^(sha256:)?[a-f0-9]{64}$/),
);

const schemas: [string, z.ZodType][] = [
  ['ContainerRef', ContainerRef],
  ['NetworkRef', NetworkRef],
  ['VolumeName', VolumeName],
  ['ImageRef', ImageRef],
  ['ImageReferenceInput', ImageReferenceInput],
  ['ImageTagTarget', ImageTagTarget],
  ['RunImage', RunImage],
  ['PruneItems.containers', PruneItems.shape.containers.unwrap().element],
  ['PruneItems.images', PruneItems.shape.images.unwrap().element],
  ['PruneItems.networks', PruneItems.shape.networks.unwrap().element],
  ['PruneItems.volumes', PruneItems.shape.volumes.unwrap().element],
];

describe('identifier schemas: whatever they accept makes a clean engine path', () => {
  it.each(schemas)('%s', (_name, schema) => {
    let accepted = 0;
    fc.assert(
      fc.property(hostile, (s) => {
        const r = schema.safeParse(s);
        if (!r.success) return;
        accepted++;
        for (const p of paths(String(r.data))) expect(enginePathProblem(p), `${s} -> ${p}`).toBeUndefined();
      }),
      { numRuns: 2000 },
    );
    // The property ran on accepted inputs too, not only on refusals.
    expect(accepted).toBeGreaterThan(0);
  });

  it('ContainerRef drops the leading slash the engine writes before names', () => {
    expect(ContainerRef.parse('/web')).toBe('web');
    expect(ContainerRef.parse('web')).toBe('web');
    expect(ContainerRef.safeParse('//web').success).toBe(false);
    expect(ContainerRef.safeParse('/').success).toBe(false);
  });

  it.each([
    ['Upper/Case:1', /must be lowercase/],
    ['a/../../info', /invalid reference format/],
    ['a//b', /invalid reference format/],
    ['./x', /invalid reference format/],
    ['x:', /invalid reference format/],
    ['a b', /invalid reference format/],
  ])('RunImage refuses %j with the engine’s words', (s, why) => {
    const r = RunImage.safeParse(s);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(why);
  });

  it.each(['busybox', 'berth-test/busybox:latest', 'localhost:5000/a/b:1', `sha256:${'c'.repeat(64)}`, 'a762655d4df4'])(
    'RunImage takes %j',
    (s) => {
      expect(RunImage.safeParse(s).success).toBe(true);
    },
  );
});
