import { describe, expect, it } from 'vitest';
import { TEST_IMAGE, dockerCli } from '../support/engine';

describe('offline test image', () => {
  it('runs busybox applets', async () => {
    const out = await dockerCli(['run', '--rm', '--network', 'none', TEST_IMAGE, 'sh', '-c', 'echo works']);
    expect(out.trim()).toBe('works');
  });
});
