import type Docker from 'dockerode';
import { describe, expect, it, vi } from 'vitest';
import { diskUsage } from '../../../../main/engine/disk-usage';

const busy = () =>
  Object.assign(new Error('(HTTP code 500) server error - a disk usage operation is already running'), {
    statusCode: 500,
  });

describe('diskUsage', () => {
  it('retries while the engine says another df is running, then answers', async () => {
    const df = vi.fn().mockRejectedValueOnce(busy()).mockRejectedValueOnce(busy()).mockResolvedValue({ Volumes: [] });
    const docker = { df } as unknown as Docker;
    await expect(diskUsage(docker, { delayMs: 1 })).resolves.toEqual({ Volumes: [] });
    expect(df).toHaveBeenCalledTimes(3);
  });

  it('gives up after the attempts and passes the engine error on', async () => {
    const df = vi.fn().mockRejectedValue(busy());
    await expect(diskUsage({ df } as unknown as Docker, { attempts: 3, delayMs: 1 })).rejects.toThrow(
      /already running/,
    );
    expect(df).toHaveBeenCalledTimes(3);
  });

  it('does not retry other errors', async () => {
    const df = vi.fn().mockRejectedValue(new Error('connect ENOENT /var/run/docker.sock'));
    await expect(diskUsage({ df } as unknown as Docker, { delayMs: 1 })).rejects.toThrow(/ENOENT/);
    expect(df).toHaveBeenCalledTimes(1);
  });

  it('callers asking at the same time share one request; a later caller asks again', async () => {
    let release: (v: unknown) => void = () => {};
    const df = vi.fn(() => new Promise((r) => (release = r)));
    const docker = { df } as unknown as Docker;
    const a = diskUsage(docker);
    const b = diskUsage(docker);
    release({ n: 1 });
    expect(await a).toBe(await b);
    expect(df).toHaveBeenCalledTimes(1);
    const c = diskUsage(docker);
    release({ n: 2 });
    expect(await c).toEqual({ n: 2 });
    expect(df).toHaveBeenCalledTimes(2);
  });
});
