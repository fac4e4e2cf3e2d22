import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { zhCN } from './zh-CN';
import { containersMessages } from './messages/containers.messages';
import { imagesMessages } from './messages/images.messages';
import { enginesMessages } from './messages/engines.messages';
import { volumesMessages } from './messages/volumes.messages';
import { networksMessages } from './messages/networks.messages';
import { jsonTreeMessages } from './messages/json-tree.messages';
import { terminalMessages } from './messages/terminal.messages';
import { logsMessages } from './messages/logs.messages';
import { statsMessages } from './messages/stats.messages';
import { systemMessages } from './messages/system.messages';
import { activityMessages } from './messages/activity.messages';
import { journalMessages } from './messages/journal.messages';
import { learnMessages } from './messages/learn.messages';
import { paletteMessages } from './messages/palette.messages';
import { settingsPanelMessages } from './messages/settings.messages';
import { helpMessages } from './messages/help.messages';

/** Each domain's messages under its own key; add one line per domain. */
const domains = {
  containers: containersMessages,
  images: imagesMessages,
  engines: enginesMessages,
  volumes: volumesMessages,
  networks: networksMessages,
  jsonTree: jsonTreeMessages,
  terminal: terminalMessages,
  logs: logsMessages,
  stats: statsMessages,
  system: systemMessages,
  activity: activityMessages,
  journal: journalMessages,
  learn: learnMessages,
  palette: paletteMessages,
  settingsPanel: settingsPanelMessages,
  help: helpMessages,
};
const pick = (lang: 'en' | 'zh') => Object.fromEntries(Object.entries(domains).map(([k, m]) => [k, m[lang]]));

export const LANGUAGES = [
  { code: 'en', label: 'English' },
  { code: 'zh-CN', label: '简体中文' },
] as const;
export type Language = (typeof LANGUAGES)[number]['code'];

/** Follow the system locale: any Chinese locale gets Simplified Chinese, the rest English. */
export function systemLanguage(locales: readonly string[] = navigator.languages ?? [navigator.language]): Language {
  return locales.some((l) => l.toLowerCase().startsWith('zh')) ? 'zh-CN' : 'en';
}

export function initI18n(language: Language) {
  void i18next.use(initReactI18next).init({
    resources: {
      en: { translation: { ...en, ...pick('en') } },
      'zh-CN': { translation: { ...zhCN, ...pick('zh') } },
    },
    lng: language,
    fallbackLng: 'en',
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
  });
  document.documentElement.lang = language;
  return i18next;
}

export function setLanguage(language: Language) {
  void i18next.changeLanguage(language);
  document.documentElement.lang = language;
}

export { i18next };
