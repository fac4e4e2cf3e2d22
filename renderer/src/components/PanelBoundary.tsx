import { Component, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Catches what a panel throws while rendering, or a panel's code that could not be loaded, so that the
 * sidebar, the other panels and the status bar stay usable: the panel says what happened and offers to
 * try again (nothing is lost: the engine's state lives in main, not in the page).
 */
export class PanelBoundary extends Component<{ children: ReactNode }, { error: Error | undefined }> {
  override state: { error: Error | undefined } = { error: undefined };

  static getDerivedStateFromError(error: unknown) {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override render() {
    const { error } = this.state;
    return error ? <PanelFailed error={error} /> : this.props.children;
  }
}

function PanelFailed({ error }: { error: Error }) {
  const { t } = useTranslation();
  return (
    <section className="panel panel-failed" role="alert">
      <header className="panel-header">
        <h1>{t('common.panelFailed')}</h1>
      </header>
      <p className="error">{error.message}</p>
      <div>
        <button type="button" className="primary" onClick={() => window.location.reload()}>
          {t('common.reload')}
        </button>
      </div>
    </section>
  );
}
