import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { BerthError } from '../../../preload/contract/errors';
import {
  ALIAS,
  cidrContains,
  parseCidr,
  parseIP,
  type NetworkMember,
  type NetworkSummary,
} from '../../../preload/contract/networks.contract';
import { api } from '../api';
import { CommandHint } from '../components/CommandHint';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorLine } from '../components/ErrorText';
import { TextField } from '../components/TextField';
import { useAction } from '../components/use-load';
import { formatDateTime } from '../lib/format';
import { networkCommands } from '../lib/networks-commands';
import { requestRunForm } from '../lib/run-prefill';
import { useContainers, useNetworks } from '../stores';
import { InspectView } from '../components/InspectView';
import { Modal } from '../components/Modal';
import { Tabs } from '../components/Tabs';

export type NetworkTab = 'containers' | 'connect' | 'inspect' | 'remove';

/** Problems with a fixed address for this network, as a message key (undefined: fine). */
export function fixedIpProblem(n: NetworkSummary, ip: string, family: 4 | 6): string | undefined {
  if (!ip) return undefined;
  const parsed = parseIP(ip);
  if (!parsed || parsed.family !== family) return 'networks.connect.ipInvalid';
  const blocks = n.subnets
    .map((s) => (s.subnet ? parseCidr(s.subnet) : undefined))
    .filter((c) => c && c.family === family);
  if (blocks.length === 0) return 'networks.connect.ipNeedsSubnet';
  if (!blocks.some((b) => b && cidrContains(b, parsed))) return 'networks.connect.ipOutside';
  return undefined;
}

export const splitAliases = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((a) => a.trim())
    .filter(Boolean);

/** One network: its containers (disconnect), connect a container, the engine's JSON; run on it, remove. */
export function NetworkDetails({
  id,
  initialTab,
  onClose,
  onContainer,
  onCheck,
}: {
  id: string;
  initialTab: NetworkTab;
  onClose(): void;
  onContainer(id: string, name: string): void;
  onCheck(networkId: string): void;
}) {
  const { t, i18n } = useTranslation();
  const n = useNetworks((s) => s.byId.get(id));
  const [tab, setTab] = useState<Exclude<NetworkTab, 'remove'>>(initialTab === 'remove' ? 'containers' : initialTab);
  const [removing, setRemoving] = useState(initialTab === 'remove');

  if (!n) {
    return (
      <Modal title={t('networks.details.title')} onClose={onClose}>
        <p className="warn-text">{t('networks.details.gone')}</p>
      </Modal>
    );
  }
  const subnetText = n.subnets
    .map((s) =>
      [s.subnet, s.gateway && `gw ${s.gateway}`, s.ipRange && `range ${s.ipRange}`].filter(Boolean).join(' · '),
    )
    .join('; ');
  const footer = (
    <>
      <button
        type="button"
        onClick={() => requestRunForm({ network: n.name })}
        title={`$ ${networkCommands.runOn(n.name)}`}
      >
        {t('networks.details.runOn')}
      </button>
      <button type="button" onClick={() => onCheck(n.id)} disabled={n.containers.filter((c) => c.active).length < 2}>
        {t('networks.check.open')}
      </button>
      <span className="spacer" />
      <button
        type="button"
        className="danger-text"
        disabled={n.builtIn}
        title={n.builtIn ? t('networks.builtInHelp') : undefined}
        onClick={() => setRemoving(true)}
      >
        {t('networks.actions.remove')}
      </button>
    </>
  );
  return (
    <Modal
      wide
      onClose={onClose}
      footer={footer}
      testId="network-details"
      title={
        <>
          {t('networks.details.title')} <span className="mono">{n.name}</span>{' '}
          {n.builtIn && <span className="pill">{t('networks.builtIn')}</span>}
        </>
      }
    >
      <dl className="facts">
        <dt>ID</dt>
        <dd className="mono small">{n.id.slice(0, 12)}</dd>
        <dt>{t('networks.columns.driver')}</dt>
        <dd>
          {n.driver} · {n.scope}
        </dd>
        <dt>{t('networks.columns.subnet')}</dt>
        <dd className="mono small">{subnetText || '—'}</dd>
        <dt>{t('networks.columns.flags')}</dt>
        <dd>
          {[n.internal && t('networks.internal'), n.attachable && t('networks.attachable'), n.ipv6 && 'IPv6']
            .filter(Boolean)
            .join(' · ') || '—'}
        </dd>
        <dt>{t('networks.columns.created')}</dt>
        <dd>{n.created ? formatDateTime(n.created, i18n.language) : '—'}</dd>
        {Object.keys(n.labels).length > 0 && (
          <>
            <dt>{t('networks.create.labels')}</dt>
            <dd className="mono small">
              {Object.entries(n.labels)
                .map(([k, v]) => `${k}=${v}`)
                .join(', ')}
            </dd>
          </>
        )}
      </dl>
      {n.name === 'bridge' && n.builtIn && <p className="muted small">{t('networks.details.defaultBridgeDns')}</p>}
      <Tabs
        tabs={['containers', 'connect', 'inspect'] as const}
        value={tab}
        onChange={setTab}
        label={(k) => `${t(`networks.details.tabs.${k}`)}${k === 'containers' ? ` (${n.containers.length})` : ''}`}
      />
      <div role="tabpanel">
        {tab === 'containers' && <Members n={n} onContainer={onContainer} />}
        {tab === 'connect' && <ConnectForm n={n} onDone={() => setTab('containers')} />}
        {tab === 'inspect' && (
          <InspectView
            command={networkCommands.inspect(n.name)}
            load={() => api.call('networks.inspect', { id: n.id })}
            loadKey={n.id}
          />
        )}
      </div>
      {removing && (
        <RemoveNetworkDialog
          n={n}
          onClose={() => setRemoving(false)}
          onRemoved={() => {
            setRemoving(false);
            onClose();
          }}
        />
      )}
    </Modal>
  );
}

function Members({ n, onContainer }: { n: NetworkSummary; onContainer(id: string, name: string): void }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState<string | undefined>();
  const [error, setError] = useState<BerthError | undefined>();
  const disconnect = (m: NetworkMember) => {
    setBusy(m.id);
    setError(undefined);
    api.call('networks.disconnect', { id: n.id, container: m.id }).then(
      () => {
        setBusy(undefined);
        void useNetworks.getState().refresh([n.id]);
      },
      (e: unknown) => {
        setBusy(undefined);
        setError(e as BerthError);
      },
    );
  };
  if (n.containers.length === 0) return <p className="empty">{t('networks.details.noContainers')}</p>;
  return (
    <>
      <ErrorLine error={error} />
      <div className="table-wrap scroll-box">
        <table className="grid compact" aria-label={t('networks.details.tabs.containers')}>
          <thead>
            <tr>
              <th>{t('networks.details.container')}</th>
              <th>{t('networks.details.state')}</th>
              <th>IPv4</th>
              <th>IPv6</th>
              <th>{t('networks.aliases')}</th>
              <th>MAC</th>
              <th className="actions-col" />
            </tr>
          </thead>
          <tbody>
            {n.containers.map((m) => (
              <tr key={m.id} data-container={m.name} data-active={m.active}>
                <td>
                  <button type="button" className="link" onClick={() => onContainer(m.id, m.name)}>
                    {m.name}
                  </button>
                </td>
                <td>
                  <span className={`state-pill ${m.state}`}>{m.state}</span>
                  {!m.active && <div className="muted small">{t('networks.notConnected')}</div>}
                </td>
                <td className="mono small">{m.ipv4 ?? '—'}</td>
                <td className="mono small">{m.ipv6 ?? '—'}</td>
                <td className="small">{m.aliases.join(', ') || '—'}</td>
                <td className="mono small">{m.mac ?? '—'}</td>
                <td className="actions">
                  {!(n.builtIn && (n.name === 'host' || n.name === 'none')) && (
                    <button
                      type="button"
                      disabled={busy === m.id}
                      aria-label={`${t('networks.actions.disconnect')} ${m.name}`}
                      title={`$ ${networkCommands.disconnect(n.name, m.name)}`}
                      onClick={() => disconnect(m)}
                    >
                      {t('networks.actions.disconnect')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function ConnectForm({ n, onDone }: { n: NetworkSummary; onDone(): void }) {
  const { t } = useTranslation();
  const containers = useContainers((s) => s.byId);
  const candidates = useMemo(() => {
    const on = new Set(n.containers.map((c) => c.id));
    return [...containers.values()].filter((c) => !on.has(c.id)).sort((a, b) => a.name.localeCompare(b.name));
  }, [containers, n.containers]);
  const [container, setContainer] = useState('');
  const [aliasText, setAliasText] = useState('');
  const [ipv4, setIpv4] = useState('');
  const [ipv6, setIpv6] = useState('');
  const { busy, error, run } = useAction();
  const chosen = container || candidates[0]?.name || '';
  const aliases = splitAliases(aliasText);
  const badAlias = aliases.find((a) => !ALIAS.test(a));
  const ip4Problem = fixedIpProblem(n, ipv4.trim(), 4);
  const ip6Problem = fixedIpProblem(n, ipv6.trim(), 6);
  const invalid = !chosen || !!badAlias || !!ip4Problem || !!ip6Problem || aliases.length > 20;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (invalid) return;
    run(
      () =>
        api.call('networks.connect', {
          id: n.id,
          container: chosen,
          aliases,
          ...(ipv4.trim() ? { ipv4: ipv4.trim() } : {}),
          ...(ipv6.trim() ? { ipv6: ipv6.trim() } : {}),
        }),
      () => {
        void useNetworks.getState().refresh([n.id]);
        onDone();
      },
    );
  };
  if (n.name === 'host' || n.name === 'none') return <p className="muted">{t('networks.connect.notHere')}</p>;
  return (
    <form className="form" onSubmit={submit} aria-label={t('networks.connect.title')}>
      <label className="field">
        <span>{t('networks.details.container')}</span>
        <select
          aria-label={t('networks.details.container')}
          value={chosen}
          onChange={(e) => setContainer(e.target.value)}
        >
          {candidates.length === 0 && <option value="">{t('networks.connect.noCandidates')}</option>}
          {candidates.map((c) => (
            <option key={c.id} value={c.name}>
              {c.name} ({c.state})
            </option>
          ))}
        </select>
      </label>
      <TextField
        label={t('networks.aliases')}
        value={aliasText}
        placeholder="db, primary"
        problem={
          badAlias && (
            <span className="error-text small">{t('networks.connect.aliasInvalid', { alias: badAlias })}</span>
          )
        }
        help={t('networks.connect.aliasHelp')}
        onChange={setAliasText}
      />
      <div className="field-row">
        <TextField
          label={t('networks.connect.ipv4')}
          value={ipv4}
          placeholder={n.subnets.find((s) => s.subnet && !s.subnet.includes(':'))?.subnet ?? ''}
          problem={ip4Problem && <span className="error-text small">{t(ip4Problem)}</span>}
          onChange={setIpv4}
        />
        <TextField
          label={t('networks.connect.ipv6')}
          value={ipv6}
          problem={ip6Problem && <span className="error-text small">{t(ip6Problem)}</span>}
          onChange={setIpv6}
        />
      </div>
      <CommandHint
        command={networkCommands.connect(n.name, chosen, {
          aliases,
          ...(ipv4.trim() ? { ipv4: ipv4.trim() } : {}),
          ...(ipv6.trim() ? { ipv6: ipv6.trim() } : {}),
        })}
      />
      <ErrorLine error={error} />
      <div className="modal-actions">
        <button type="submit" className="primary" disabled={busy || invalid}>
          {t('networks.connect.submit')}
        </button>
      </div>
    </form>
  );
}

function RemoveNetworkDialog({ n, onClose, onRemoved }: { n: NetworkSummary; onClose(): void; onRemoved(): void }) {
  const { t } = useTranslation();
  const { busy, error, run } = useAction();
  const connected = n.containers.filter((c) => c.active).map((c) => c.name);
  const stopped = n.containers.filter((c) => !c.active).map((c) => c.name);
  const confirm = () =>
    run(
      () => api.call('networks.remove', { id: n.id }),
      () => {
        void useNetworks.getState().refresh([n.id]);
        onRemoved();
      },
    );
  return (
    <ConfirmDialog
      title={t('networks.remove.title', { name: n.name })}
      confirmLabel={t('networks.actions.remove')}
      danger
      busy={busy || n.builtIn || connected.length > 0}
      onConfirm={confirm}
      onCancel={onClose}
    >
      {n.builtIn ? (
        <p className="warn-text">{t('networks.builtInHelp')}</p>
      ) : connected.length > 0 ? (
        <p className="warn-text" data-testid="network-in-use">
          {t('networks.remove.inUse', { names: connected.join(', ') })}
        </p>
      ) : (
        <p>{t('networks.remove.body')}</p>
      )}
      {stopped.length > 0 && <p className="small">{t('networks.remove.stopped', { names: stopped.join(', ') })}</p>}
      <CommandHint command={networkCommands.remove(n.name)} />
      <ErrorLine error={error} />
    </ConfirmDialog>
  );
}
