import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SystemInfo } from '../../../preload/contract/system.contract';
import { CommandHint } from '../components/CommandHint';
import { ErrorText } from '../components/ErrorText';
import { formatBytes, formatDateTime } from '../lib/format';
import { useSystem } from '../stores';
import { systemCommands } from './system-commands';

/** One `docker info` line: label, value (or nested lines). */
function Row({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="info-row" data-testid={testId}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

const list = (xs: string[], none: string) => (xs.length ? xs.join(', ') : none);

/** `docker version` and `docker info`, laid out as the CLI prints them. */
export function EngineInfoView() {
  const { t, i18n } = useTranslation();
  const info = useSystem((s) => s.info);
  const v = info.value;
  return (
    <div className="system-section">
      <CommandHint command={`${systemCommands.version()}\n${systemCommands.info()}`} />
      {info.error && (
        <div className="banner error" role="alert">
          <ErrorText error={info.error} />
        </div>
      )}
      {!v && info.status !== 'error' && <p className="muted">{t('system.loading')}</p>}
      {v && (
        <>
          {v.warnings.length > 0 && (
            <div className="banner warn" role="status" data-testid="engine-warnings">
              <div>
                <strong>{t('system.info.warnings')}</strong>
                <ul className="plain-list">
                  {v.warnings.map((w) => (
                    <li key={w} className="mono small">
                      {w}
                    </li>
                  ))}
                </ul>
              </div>
            </div>
          )}
          <div className="cards-2">
            <VersionCard info={v} />
            <div className="aid-card">
              <h2>{t('system.info.title')}</h2>
              <dl className="info-list" aria-label={t('system.info.title')}>
                <Row label={t('system.info.name')} testId="info-name">
                  {v.name}
                </Row>
                <Row label={t('system.info.serverVersion')}>{v.server.version}</Row>
                <Row label={t('system.info.operatingSystem')} testId="info-os">
                  {v.operatingSystem}
                  {v.osVersion ? ` (${v.osVersion})` : ''}
                </Row>
                <Row label={t('system.info.osType')}>{v.osType}</Row>
                <Row label={t('system.info.architecture')}>{v.architecture}</Row>
                <Row label={t('system.info.kernelVersion')} testId="info-kernel">
                  {v.kernelVersion}
                </Row>
                <Row label={t('system.info.cpus')} testId="info-cpus">
                  {new Intl.NumberFormat(i18n.language).format(v.cpus)}
                </Row>
                <Row label={t('system.info.memory')} testId="info-memory">
                  {formatBytes(v.memoryBytes, i18n.language)}
                </Row>
                <Row label={t('system.info.containers')}>
                  {t('system.info.containersLine', {
                    total: v.containers.total,
                    running: v.containers.running,
                    paused: v.containers.paused,
                    stopped: v.containers.stopped,
                  })}
                </Row>
                <Row label={t('system.info.images')}>{v.images}</Row>
                <Row label={t('system.info.storageDriver')} testId="info-storage-driver">
                  {v.storageDriver}
                  {v.driverStatus.length > 0 && (
                    <ul className="plain-list small muted">
                      {v.driverStatus.map(([k, val]) => (
                        <li key={k}>
                          {k}: {val}
                        </li>
                      ))}
                    </ul>
                  )}
                </Row>
                <Row label={t('system.info.loggingDriver')}>{v.loggingDriver}</Row>
                <Row label={t('system.info.cgroupDriver')} testId="info-cgroup-driver">
                  {v.cgroupDriver}
                </Row>
                {v.cgroupVersion && <Row label={t('system.info.cgroupVersion')}>{v.cgroupVersion}</Row>}
                <Row label={t('system.info.plugins')}>
                  <ul className="plain-list small">
                    <li>
                      {t('system.info.pluginVolume')}: {list(v.plugins.volume, t('system.info.none'))}
                    </li>
                    <li>
                      {t('system.info.pluginNetwork')}: {list(v.plugins.network, t('system.info.none'))}
                    </li>
                    <li>
                      {t('system.info.pluginLog')}: {list(v.plugins.log, t('system.info.none'))}
                    </li>
                    {v.plugins.authorization.length > 0 && (
                      <li>
                        {t('system.info.pluginAuthorization')}: {list(v.plugins.authorization, '')}
                      </li>
                    )}
                  </ul>
                </Row>
                <Row label={t('system.info.swarm')}>{v.swarm}</Row>
                <Row label={t('system.info.runtimes')}>{list(v.runtimes, t('system.info.none'))}</Row>
                <Row label={t('system.info.defaultRuntime')}>{v.defaultRuntime}</Row>
                {v.initBinary && <Row label={t('system.info.initBinary')}>{v.initBinary}</Row>}
                {v.containerdCommit && <Row label={t('system.info.containerdVersion')}>{v.containerdCommit}</Row>}
                {v.runcCommit && <Row label={t('system.info.runcVersion')}>{v.runcCommit}</Row>}
                {v.initCommit && <Row label={t('system.info.initVersion')}>{v.initCommit}</Row>}
                <Row label={t('system.info.securityOptions')}>{list(v.securityOptions, t('system.info.none'))}</Row>
                <Row label={t('system.info.rootDir')} testId="info-root-dir">
                  <span className="mono">{v.dockerRootDir}</span>
                </Row>
                <Row label={t('system.info.debug')}>{v.debug ? t('system.info.yes') : t('system.info.no')}</Row>
                <Row label={t('system.info.id')}>
                  <span className="mono small">{v.id}</span>
                </Row>
                {v.httpProxy && <Row label={t('system.info.httpProxy')}>{v.httpProxy}</Row>}
                {v.httpsProxy && <Row label={t('system.info.httpsProxy')}>{v.httpsProxy}</Row>}
                {v.noProxy && <Row label={t('system.info.noProxy')}>{v.noProxy}</Row>}
                {v.labels.length > 0 && <Row label={t('system.info.labels')}>{v.labels.join(', ')}</Row>}
                {v.indexServerAddress && (
                  <Row label={t('system.info.registry')}>
                    <span className="mono small">{v.indexServerAddress}</span>
                  </Row>
                )}
                <Row label={t('system.info.insecureRegistries')} testId="info-insecure-registries">
                  {list(v.insecureRegistries, t('system.info.none'))}
                </Row>
                <Row label={t('system.info.registryMirrors')}>{list(v.registryMirrors, t('system.info.none'))}</Row>
                <Row label={t('system.info.liveRestore')}>
                  {v.liveRestoreEnabled ? t('system.info.yes') : t('system.info.no')}
                </Row>
                {v.warnings.length === 0 && (
                  <Row label={t('system.info.warnings')}>
                    <span className="muted">{t('system.info.noWarnings')}</span>
                  </Row>
                )}
              </dl>
            </div>
          </div>
        </>
      )}
    </div>
  );
}

/** The engine's build time, for the locale (as the engine wrote it when it does not parse). */
const builtText = (built: string, locale: string) => {
  const ms = Date.parse(built.replace(/\.(\d{3})\d*/, '.$1'));
  return Number.isNaN(ms) ? built : formatDateTime(ms / 1000, locale);
};

function VersionCard({ info }: { info: SystemInfo }) {
  const { t, i18n } = useTranslation();
  const s = info.server;
  const engine = s.components.find((c) => c.name === 'Engine');
  const others = s.components.filter((c) => c.name !== 'Engine');
  return (
    <div className="aid-card">
      <h2>{t('system.version.title')}</h2>
      <h3>{t('system.version.client')}</h3>
      <dl className="info-list" aria-label={t('system.version.client')}>
        <Row label={t('system.version.berth')} testId="version-berth">
          {info.client.berthVersion}
        </Row>
        <Row label={t('system.version.apiVersion')} testId="version-client-api">
          {t('system.version.negotiated', { api: info.client.apiVersion })}
        </Row>
        <Row label={t('system.version.endpoint')}>
          <span className="mono small">{info.client.endpoint}</span>
        </Row>
        <Row label={t('system.version.source')}>
          {info.client.source}
          {info.client.contextName ? ` (${t('system.version.context')}: ${info.client.contextName})` : ''}
        </Row>
      </dl>
      <h3>{t('system.version.server')}</h3>
      <dl className="info-list" aria-label={t('system.version.server')}>
        <Row label={t('system.version.berth')} testId="version-engine">
          {s.version}
        </Row>
        <Row label={t('system.version.apiVersion')} testId="version-server-api">
          {s.minApiVersion ? t('system.version.minApi', { api: s.apiVersion, min: s.minApiVersion }) : s.apiVersion}
        </Row>
        {s.goVersion && <Row label={t('system.version.goVersion')}>{s.goVersion}</Row>}
        {s.gitCommit && (
          <Row label={t('system.version.gitCommit')}>
            <span className="mono small">{s.gitCommit}</span>
          </Row>
        )}
        {s.built && <Row label={t('system.version.built')}>{builtText(s.built, i18n.language)}</Row>}
        <Row label={t('system.version.osArch')}>
          {s.os}/{s.arch}
        </Row>
        <Row label={t('system.version.experimental')}>
          {s.experimental ? t('system.info.yes') : t('system.info.no')}
        </Row>
      </dl>
      {others.length > 0 && (
        <table className="grid compact" aria-label={t('system.version.component')}>
          <thead>
            <tr>
              <th>{t('system.version.component')}</th>
              <th>{t('system.version.berth')}</th>
              <th>{t('system.version.gitCommit')}</th>
            </tr>
          </thead>
          <tbody>
            {others.map((c) => (
              <tr key={c.name} data-component={c.name}>
                <td>{c.name}</td>
                <td className="mono small">{c.version}</td>
                <td className="mono small">{c.details.GitCommit ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {engine && !s.goVersion && engine.details.GoVersion && (
        <p className="small muted">
          {t('system.version.goVersion')}: {engine.details.GoVersion}
        </p>
      )}
    </div>
  );
}
