import { z } from 'zod';
import { Empty } from './common';
import { EngineConfig } from './engines.contract';

/** Desktop notifications, each of which can be turned off. */
const Notifications = z.strictObject({
  containerExit: z.boolean().default(true),
  oom: z.boolean().default(true),
  unhealthy: z.boolean().default(true),
  /** A pull, a push or a build that took a while finished (or failed). */
  pullFinished: z.boolean().default(true),
  pushFinished: z.boolean().default(true),
  buildFinished: z.boolean().default(true),
});

/** Settings files from before had one switch, `longOperations`, for the three: it carries over to each. */
function migrateNotifications(value: unknown): unknown {
  if (!value || typeof value !== 'object' || !('longOperations' in value)) return value;
  const { longOperations, ...rest } = value as Record<string, unknown>;
  if (typeof longOperations !== 'boolean') return rest;
  return { pullFinished: longOperations, pushFinished: longOperations, buildFinished: longOperations, ...rest };
}

export const Settings = z.strictObject({
  /** undefined: follow the system locale. */
  language: z.enum(['en', 'zh-CN']).optional(),
  theme: z.enum(['system', 'light', 'dark']).default('system'),
  notifications: z.preprocess(migrateNotifications, Notifications).prefault({}),
  terminalFontSize: z.number().int().min(8).max(32).default(13),
  closeToTray: z.boolean().default(true),
  startAtLogin: z.boolean().default(false),
  /** Show the equivalent docker command beside actions. */
  commandHints: z.boolean().default(true),
  /** Engines added in Berth (the CLI's contexts and DOCKER_HOST are found, not stored). */
  engines: z.array(EngineConfig).max(50).default([]),
  /** The engine in use; absent: found the docker CLI's way. */
  activeEngine: z.string().max(200).optional(),
  window: z
    .strictObject({
      x: z.number().int().optional(),
      y: z.number().int().optional(),
      width: z.number().int().min(200).max(20000),
      height: z.number().int().min(200).max(20000),
      maximized: z.boolean().default(false),
    })
    .optional(),
});
export type Settings = z.infer<typeof Settings>;

/**
 * A change: any subset of the settings (nested objects replaced whole). Fields carry no
 * defaults here: parsing a patch must not fill in the fields it does not name (main would
 * reset them). Settings.partial() would keep the defaults.
 */
const f = Settings.shape;
export const SettingsPatch = z.strictObject({
  /** null: follow the system locale again (undefined does not survive the web mode's JSON). */
  language: z.enum(['en', 'zh-CN']).nullable().optional(),
  theme: f.theme.unwrap().optional(),
  notifications: f.notifications.unwrap().optional(),
  terminalFontSize: f.terminalFontSize.unwrap().optional(),
  closeToTray: f.closeToTray.unwrap().optional(),
  startAtLogin: f.startAtLogin.unwrap().optional(),
  commandHints: f.commandHints.unwrap().optional(),
  engines: f.engines.unwrap().optional(),
  activeEngine: f.activeEngine,
  window: f.window,
});
export type SettingsPatch = z.input<typeof SettingsPatch>;

export const settingsCalls = {
  'settings.get': { input: Empty, output: Settings },
  'settings.update': { input: SettingsPatch, output: Settings },
} as const;

export const settingsEvents = {
  'settings.changed': Settings,
} as const;
