import type { settingsCalls } from '../../../preload/contract/settings.contract';
import type { SettingsService } from '../../services/settings.service';
import type { HandlersFor } from '../dispatcher';

export const settingsHandlers = (settings: SettingsService): HandlersFor<typeof settingsCalls> => ({
  'settings.get': () => settings.get(),
  'settings.update': (patch) => settings.update(patch),
});
