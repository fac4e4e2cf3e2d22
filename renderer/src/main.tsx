import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { initI18n, systemLanguage } from './i18n';
import { startLiveUpdates } from './stores';
import { useSettings } from './stores/settings.store';
import './styles.css';

initI18n(useSettings.getState().language ?? systemLanguage());
startLiveUpdates();

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
