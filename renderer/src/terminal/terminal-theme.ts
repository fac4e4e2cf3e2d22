import type { ITheme } from '@xterm/xterm';

/** The app's light and dark themes for xterm (an ANSI palette readable on each background). */
export const TERMINAL_THEMES: Record<'light' | 'dark', ITheme> = {
  light: {
    background: '#ffffff',
    foreground: '#1c1f24',
    cursor: '#1f6feb',
    cursorAccent: '#ffffff',
    selectionBackground: '#b6d3ff',
    selectionInactiveBackground: '#d9e6fb',
    black: '#1c1f24',
    red: '#c4262e',
    green: '#1a7f37',
    yellow: '#8a5d00',
    blue: '#1f5fd1',
    magenta: '#8f3bb8',
    cyan: '#0f7a8a',
    white: '#8c939d',
    brightBlack: '#5c6470',
    brightRed: '#e0353d',
    brightGreen: '#2a9a4a',
    brightYellow: '#a57300',
    brightBlue: '#3b7cf0',
    brightMagenta: '#a64fd0',
    brightCyan: '#1592a5',
    brightWhite: '#b4bac3',
  },
  dark: {
    background: '#13161a',
    foreground: '#e4e7ec',
    cursor: '#4c8dff',
    cursorAccent: '#13161a',
    selectionBackground: '#2f4a7a',
    selectionInactiveBackground: '#29364d',
    black: '#2e333b',
    red: '#f85149',
    green: '#3fb950',
    yellow: '#d29922',
    blue: '#4c8dff',
    magenta: '#c678dd',
    cyan: '#39c5cf',
    white: '#c9d1d9',
    brightBlack: '#6e7681',
    brightRed: '#ff7b72',
    brightGreen: '#56d364',
    brightYellow: '#e3b341',
    brightBlue: '#79a8ff',
    brightMagenta: '#d2a8ff',
    brightCyan: '#56d4dd',
    brightWhite: '#f0f3f6',
  },
};

/** The theme the app shows now (App.tsx sets data-theme on <html>). */
export function currentTheme(): 'light' | 'dark' {
  return document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light';
}
