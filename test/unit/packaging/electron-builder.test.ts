import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');
const config = load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;

describe('electron-builder.yml', () => {
  it("passes electron-builder's own schema validation", { timeout: 60_000 }, async () => {
    const { validateConfiguration } = (await import('app-builder-lib/out/util/config/config.js')) as {
      validateConfiguration: (c: unknown, logger: unknown) => Promise<void>;
    };
    const { DebugLogger } = (await import('builder-util')) as { DebugLogger: new (enabled: boolean) => unknown };
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    // And it really validates: a wrong type is refused.
    await expect(validateConfiguration({ ...config, asar: 'yes please' }, new DebugLogger(false))).rejects.toThrow();
  });

  it('targets Linux (AppImage, deb), macOS (dmg) and Windows (nsis) with icons that exist', () => {
    expect(config.appId).toMatch(/^[a-z0-9.]+$/);
    expect(config.productName).toBe('Berth');
    expect((config.linux as { target: string[] }).target).toEqual(['AppImage', 'deb']);
    expect((config.mac as { target: string[] }).target).toEqual(['dmg']);
    expect((config.win as { target: string[] }).target).toEqual(['nsis']);
    expect(config.fileAssociations).toEqual([]);
    for (const icon of [
      'assets/icons/icon-512.png',
      'assets/icons/icon-256.png',
      'assets/icons/16x16.png',
      'assets/icons/512x512.png',
    ]) {
      const png = readFileSync(join(root, icon));
      expect(png.subarray(1, 4).toString()).toBe('PNG');
    }
  });

  it('flips the Electron fuses at package time', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
    expect(config.asar).toBe(true);
  });

  it("packs electron-vite's output layout, whose entry is package.json's main", () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { main: string };
    expect(pkg.main).toBe('out/main/index.js');
    expect(config.files).toContain('out/**');
    expect(config.npmRebuild).toBe(false);
  });
});
