export const en = {
  app: { name: 'Berth', tagline: 'Docker, in one window' },
  nav: {
    containers: 'Containers',
    images: 'Images',
    volumes: 'Volumes',
    networks: 'Networks',
    settings: 'Settings',
    engines: 'Engines',
    terminal: 'Terminal',
  },
  engine: {
    connected: 'Engine connected',
    connecting: 'Connecting to the engine…',
    disconnected: 'Engine disconnected',
    disconnectedHelp:
      'Berth cannot reach the Docker engine at {{endpoint}}. It will reconnect by itself as soon as the engine is back.',
    details: 'Docker {{version}} · API {{api}} · {{os}}/{{arch}} · {{cpus}} CPUs · {{memory}}',
    linkLost: 'The connection to Berth was lost. Reconnecting…',
  },
  common: {
    cancel: 'Cancel',
    close: 'Close',
    retry: 'Retry',
    loading: 'Loading…',
    equivalent: 'Equivalent command',
    copy: 'Copy',
    copied: 'Copied',
    dismiss: 'Dismiss',
  },
  settings: {
    language: 'Language',
    theme: 'Theme',
    system: 'System',
    light: 'Light',
    dark: 'Dark',
  },
  errors: {
    engine_unreachable: 'The Docker engine cannot be reached.',
    permission_denied: 'Permission denied.',
    not_found: 'Not found: it may have been removed meanwhile.',
    conflict: 'Conflict with the current state.',
    auth_required: 'Authentication is required.',
    invalid_input: 'Invalid input.',
    stream_error: 'The stream broke off.',
    cancelled: 'Cancelled.',
    internal: 'Something went wrong inside Berth or the engine.',
  },
  time: { justNow: 'just now' },
};

export type Messages = typeof en;
