// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ImageSummary } from '../../../preload/contract/images.contract';
import { findImage } from '../../../renderer/src/stores/images.store';
import { useFocusRequest, useNavigation } from '../../../renderer/src/stores/navigation.store';
import { renderHook } from '@testing-library/react';

// open-object and app-navigate import stores that pick an API bridge from `window`.
vi.mock('../../../renderer/src/api', () => ({ api: { call: vi.fn() }, mode: 'web' }));

const { openObject } = await import('../../../renderer/src/activity/open-object');
const { handleNavigate } = await import('../../../renderer/src/stores/app-navigate');

const img = (hex: string, over: Partial<ImageSummary> = {}): ImageSummary => ({
  id: `sha256:${hex.padEnd(64, '0')}`,
  parentId: '',
  tags: [],
  digests: [],
  created: 1,
  size: 1,
  sharedSize: 0,
  uniqueSize: 1,
  containers: 0,
  layers: 1,
  labels: {},
  ...over,
});

afterEach(() => useNavigation.setState({ panel: 'containers', focus: undefined }));

describe('opening an image from elsewhere (palette, activity, tray)', () => {
  it('goes to the images panel with an image focus, like the other kinds', () => {
    openObject('image', 'busybox:latest');
    expect(useNavigation.getState()).toMatchObject({ panel: 'images', focus: { kind: 'image', id: 'busybox:latest' } });
    openObject('volume', 'data');
    expect(useNavigation.getState()).toMatchObject({ panel: 'volumes', focus: { kind: 'volume', id: 'data' } });
    handleNavigate({ to: 'images', id: 'sha256:abc' });
    expect(useNavigation.getState()).toMatchObject({ panel: 'images', focus: { kind: 'image', id: 'sha256:abc' } });
    useNavigation.setState({ focus: undefined });
    handleNavigate({ to: 'images' });
    expect(useNavigation.getState()).toMatchObject({ panel: 'images', focus: undefined });
  });

  it("the tray's Run and Pull open the run form and the pull dialog, not just their panels", async () => {
    const { useRunPrefill } = await import('../../../renderer/src/lib/run-prefill');
    handleNavigate({ to: 'pull' });
    expect(useNavigation.getState()).toMatchObject({ panel: 'images', focus: { kind: 'action', id: 'pull' } });
    handleNavigate({ to: 'run' });
    expect(useNavigation.getState().panel).toBe('containers');
    expect(useRunPrefill.getState().take()).toEqual({});
  });

  it('a panel takes only its own actions, and leaves the others for the panel they are meant for', () => {
    const images: string[] = [];
    const volumes: string[] = [];
    renderHook(() => useFocusRequest('action', (a) => images.push(a), ['pull', 'build']));
    useNavigation.getState().open('volumes', { kind: 'action', id: 'createVolume' });
    expect(images).toEqual([]);
    expect(useNavigation.getState().focus).toEqual({ kind: 'action', id: 'createVolume' });
    // The volumes panel mounts and finds it waiting.
    renderHook(() => useFocusRequest('action', (a) => volumes.push(a), ['createVolume']));
    expect(volumes).toEqual(['createVolume']);
    expect(useNavigation.getState().focus).toBeUndefined();
    useNavigation.getState().open('images', { kind: 'action', id: 'build' });
    expect(images).toEqual(['build']);
  });

  it('finds the image by id, short id, tag (latest implied) or digest; an ambiguous prefix finds nothing', () => {
    const a = img('abcd1', { tags: ['busybox:latest', 'reg:5000/team/app:1'] });
    const b = img('abce2', { digests: ['alpine@sha256:ffff'] });
    const byId = new Map([a, b].map((i) => [i.id, i]));
    expect(findImage(byId, a.id)).toBe(a);
    expect(findImage(byId, a.id.slice(7))).toBe(a);
    expect(findImage(byId, 'abcd')).toBe(a);
    expect(findImage(byId, 'abc')).toBeUndefined(); // too short, and both start so
    expect(findImage(byId, 'busybox')).toBe(a);
    expect(findImage(byId, 'reg:5000/team/app:1')).toBe(a);
    expect(findImage(byId, 'alpine@sha256:ffff')).toBe(b);
    expect(findImage(byId, 'nginx:latest')).toBeUndefined();
    expect(findImage(byId, '  ')).toBeUndefined();
  });
});
