import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BerthError } from '../../../preload/contract/errors';
import type { ConnectivityResult, NetworkSummary } from '../../../preload/contract/networks.contract';
import { api } from '../api';
import { CommandHint } from '../components/CommandHint';
import { ErrorText } from '../components/ErrorText';
import { networkCommands } from '../lib/networks-commands';
import { Modal } from '../components/Modal';

/** Networks where a check makes sense: two or more running containers connected. */
export function checkableNetworks(networks: NetworkSummary[]): NetworkSummary[] {
  return networks
    .filter((n) => n.name !== 'host' && n.name !== 'none' && n.containers.filter((c) => c.active).length >= 2)
    .sort((a, b) => Number(a.builtIn) - Number(b.builtIn) || a.name.localeCompare(b.name));
}

/**
 * Does one container resolve and reach another by name on a shared network?
 * (What `docker exec a ping b` shows.) Says clearly when the image has no tool.
 */
export function ConnectivityDialog({
  networks,
  initialNetworkId,
  onClose,
}: {
  networks: NetworkSummary[];
  initialNetworkId?: string | undefined;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const options = useMemo(() => checkableNetworks(networks), [networks]);
  const [networkId, setNetworkId] = useState(initialNetworkId ?? options[0]?.id ?? '');
  const net = options.find((n) => n.id === networkId) ?? options[0];
  const members = useMemo(() => (net ? net.containers.filter((c) => c.active) : []), [net]);
  const [source, setSource] = useState('');
  const [target, setTarget] = useState('');
  const [host, setHost] = useState('');
  const src = members.find((m) => m.id === source) ?? members[0];
  const dst = members.find((m) => m.id === target && m.id !== src?.id) ?? members.find((m) => m.id !== src?.id);
  const hostName = host && dst?.aliases.includes(host) ? host : (dst?.name ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<BerthError | undefined>();
  const [result, setResult] = useState<ConnectivityResult | undefined>();

  const run = () => {
    if (!net || !src || !dst) return;
    setBusy(true);
    setError(undefined);
    setResult(undefined);
    api
      .call('networks.checkConnectivity', {
        id: net.id,
        source: src.id,
        target: dst.id,
        ...(hostName !== dst.name ? { host: hostName } : {}),
      })
      .then(
        (r) => {
          setResult(r);
          setBusy(false);
        },
        (e: unknown) => {
          setError(e as BerthError);
          setBusy(false);
        },
      );
  };

  const footer = (
    <>
      <button type="button" onClick={onClose}>
        {t('common.close')}
      </button>
      <button type="button" className="primary" disabled={busy || !src || !dst} onClick={run}>
        {busy ? t('networks.check.running') : t('networks.check.run')}
      </button>
    </>
  );

  return (
    <Modal title={t('networks.check.title')} onClose={onClose} wide footer={footer} testId="connectivity">
      {options.length === 0 ? (
        <p className="empty">{t('networks.check.noNetworks')}</p>
      ) : (
        <div className="field-row">
          <label className="field">
            <span>{t('networks.check.network')}</span>
            <select
              aria-label={t('networks.check.network')}
              value={net?.id ?? ''}
              onChange={(e) => {
                setNetworkId(e.target.value);
                setSource('');
                setTarget('');
                setHost('');
                setResult(undefined);
              }}
            >
              {options.map((n) => (
                <option key={n.id} value={n.id}>
                  {n.name}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t('networks.check.from')}</span>
            <select
              aria-label={t('networks.check.from')}
              value={src?.id ?? ''}
              onChange={(e) => setSource(e.target.value)}
            >
              {members.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t('networks.check.to')}</span>
            <select
              aria-label={t('networks.check.to')}
              value={dst?.id ?? ''}
              onChange={(e) => {
                setTarget(e.target.value);
                setHost('');
              }}
            >
              {members
                .filter((m) => m.id !== src?.id)
                .map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.name}
                  </option>
                ))}
            </select>
          </label>
          <label className="field">
            <span>{t('networks.check.byName')}</span>
            <select aria-label={t('networks.check.byName')} value={hostName} onChange={(e) => setHost(e.target.value)}>
              {dst && <option value={dst.name}>{dst.name}</option>}
              {dst?.aliases.map((a) => (
                <option key={a} value={a}>
                  {a} ({t('networks.check.alias')})
                </option>
              ))}
            </select>
          </label>
        </div>
      )}
      {src && dst && <CommandHint command={networkCommands.ping(src.name, hostName)} />}
      {net?.builtIn && net.name === 'bridge' && (
        <p className="warn-text small">{t('networks.details.defaultBridgeDns')}</p>
      )}
      {error && (
        <p className="error-text" role="alert">
          <ErrorText error={error} />
        </p>
      )}
      {result && <CheckResult r={result} />}
    </Modal>
  );
}

function Verdict({
  value,
  yes,
  no,
  unknown,
}: {
  value: 'yes' | 'no' | 'unknown';
  yes: string;
  no: string;
  unknown: string;
}) {
  return (
    <span className={`verdict ${value}`} data-verdict={value}>
      {value === 'yes' ? '✔ ' : value === 'no' ? '✘ ' : '? '}
      {value === 'yes' ? yes : value === 'no' ? no : unknown}
    </span>
  );
}

function CheckResult({ r }: { r: ConnectivityResult }) {
  const { t } = useTranslation();
  return (
    <div className="check-result" data-testid="check-result" role="status">
      {r.noTool ? (
        <p className="warn-text" data-testid="no-tool">
          {t('networks.check.noTool', { source: r.source })}
        </p>
      ) : (
        <ul className="plain-list">
          <li data-testid="resolved">
            <Verdict
              value={r.resolved}
              yes={t('networks.check.resolvedYes', {
                host: r.host,
                address: r.resolvedAddress ?? '?',
              })}
              no={t('networks.check.resolvedNo', { host: r.host })}
              unknown={t('networks.check.resolvedUnknown', { host: r.host })}
            />
          </li>
          <li data-testid="reached">
            <Verdict
              value={r.reached}
              yes={t('networks.check.reachedYes', { target: r.target })}
              no={t('networks.check.reachedNo', { target: r.target })}
              unknown={t('networks.check.reachedUnknown', { target: r.target })}
            />
          </li>
          {r.expectedAddress && r.resolvedAddress && r.expectedAddress !== r.resolvedAddress && (
            <li className="warn-text">
              {t('networks.check.otherAddress', { expected: r.expectedAddress, got: r.resolvedAddress })}
            </li>
          )}
        </ul>
      )}
      <details>
        <summary>{t('networks.check.details', { count: r.attempts.length })}</summary>
        {r.attempts.map((a, i) => (
          <div key={i} className="attempt">
            <div className="mono small">
              $ {a.command.join(' ')}{' '}
              <span className="muted">
                {a.missing
                  ? t('networks.check.missing')
                  : a.timedOut
                    ? t('networks.check.timedOut')
                    : t('networks.check.exit', { code: a.exitCode ?? '?' })}
              </span>
            </div>
            {a.output && <pre className="output">{a.output}</pre>}
          </div>
        ))}
      </details>
    </div>
  );
}
