import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NetworkSummary } from '../../../preload/contract/networks.contract';
import { CommandHint } from '../components/CommandHint';
import { ErrorText } from '../components/ErrorText';
import { GapRow, useVirtualRows, type VirtualRowProps } from '../components/VirtualRows';
import { formatAgo, formatDateTime } from '../lib/format';
import { networkCommands } from '../lib/networks-commands';
import { useNetworks } from '../stores';
import { useFocusRequest } from '../stores/navigation.store';
import { ConnectivityDialog } from './ConnectivityDialog';
import { ContainerCard } from './ContainerCard';
import { CreateNetworkDialog } from './CreateNetworkDialog';
import { NetworkDetails, type NetworkTab } from './NetworkDetails';
import { PruneNetworksDialog } from './PruneNetworksDialog';
import { TopologyView } from './TopologyView';

/** Rows shown: filtered by name, driver, subnet or a container on it; user networks first. */
export function visibleNetworks(byId: Map<string, NetworkSummary>, filter: string): NetworkSummary[] {
  const q = filter.trim().toLowerCase();
  const rows: NetworkSummary[] = [];
  for (const n of byId.values()) {
    if (
      q &&
      !n.name.toLowerCase().includes(q) &&
      !n.driver.toLowerCase().includes(q) &&
      !n.id.startsWith(q) &&
      !n.subnets.some((s) => s.subnet?.includes(q)) &&
      !n.containers.some((c) => c.name.toLowerCase().includes(q))
    )
      continue;
    rows.push(n);
  }
  return rows.sort((a, b) => Number(a.builtIn) - Number(b.builtIn) || a.name.localeCompare(b.name));
}

export function NetworksPanel() {
  const { t } = useTranslation();
  const byId = useNetworks((s) => s.byId);
  const status = useNetworks((s) => s.status);
  const loadError = useNetworks((s) => s.error);
  const [view, setView] = useState<'list' | 'topology'>('list');
  const [filter, setFilter] = useState('');
  const [creating, setCreating] = useState(false);
  const [pruning, setPruning] = useState(false);
  const [checking, setChecking] = useState<{ networkId?: string; sourceId?: string } | undefined>();
  const [open, setOpen] = useState<{ id: string; tab: NetworkTab } | undefined>();
  const [container, setContainer] = useState<{ id: string; name: string } | undefined>();
  useFocusRequest('network', (id) => setOpen({ id, tab: 'containers' }));
  useFocusRequest('action', () => setCreating(true), ['createNetwork']);

  const rows = useMemo(() => visibleNetworks(byId, filter), [byId, filter]);
  const body = useVirtualRows(rows, { getKey: (n) => n.id });
  const all = useMemo(() => [...byId.values()], [byId]);

  return (
    <section className="panel" aria-labelledby="networks-title">
      <header className="panel-header">
        <h1 id="networks-title">{t('networks.title')}</h1>
        <span className="count" data-testid="networks-count">
          {t('networks.count', { shown: rows.length, total: byId.size })}
        </span>
        <div className="segmented" role="tablist" aria-label={t('networks.view')}>
          <button
            type="button"
            role="tab"
            aria-selected={view === 'list'}
            className={view === 'list' ? 'active' : ''}
            onClick={() => setView('list')}
          >
            {t('networks.list')}
          </button>
          <button
            type="button"
            role="tab"
            aria-selected={view === 'topology'}
            className={view === 'topology' ? 'active' : ''}
            onClick={() => setView('topology')}
          >
            {t('networks.topology.title')}
          </button>
        </div>
        <span className="spacer" />
        {view === 'list' && (
          <input
            type="search"
            className="filter"
            placeholder={t('networks.filter')}
            aria-label={t('networks.filter')}
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
          />
        )}
        <button type="button" onClick={() => setChecking({})}>
          {t('networks.check.open')}
        </button>
        <button type="button" onClick={() => setPruning(true)}>
          {t('networks.prune.open')}
        </button>
        <button type="button" className="primary" onClick={() => setCreating(true)}>
          {t('networks.create.open')}
        </button>
      </header>
      <CommandHint command={networkCommands.list()} />
      {status === 'error' && loadError && (
        <div className="banner error" role="alert">
          <ErrorText error={loadError} />
        </div>
      )}

      {view === 'list' ? (
        <div className="table-wrap">
          <table className="grid" aria-label={t('networks.title')} aria-rowcount={body.ariaRowCount}>
            <thead>
              <tr>
                <th>{t('networks.columns.name')}</th>
                <th>{t('networks.columns.driver')}</th>
                <th>{t('networks.columns.scope')}</th>
                <th>{t('networks.columns.subnet')}</th>
                <th>{t('networks.columns.gateway')}</th>
                <th>{t('networks.columns.flags')}</th>
                <th className="num">{t('networks.columns.containers')}</th>
                <th>{t('networks.columns.created')}</th>
                <th className="actions-col">{t('networks.columns.actions')}</th>
              </tr>
            </thead>
            <tbody {...body.bodyProps}>
              {body.slots.map((slot) =>
                slot.kind === 'gap' ? (
                  <GapRow key={slot.key} height={slot.height} colSpan={9} />
                ) : (
                  <NetworkRow
                    key={slot.item.id}
                    {...body.rowProps(slot.index)}
                    n={slot.item}
                    onOpen={(tab) => setOpen({ id: slot.item.id, tab })}
                  />
                ),
              )}
            </tbody>
          </table>
          {status === 'loading' && <p className="empty">{t('common.loading')}</p>}
          {status === 'ready' && rows.length === 0 && <p className="empty">{t('networks.emptyFiltered')}</p>}
        </div>
      ) : (
        <TopologyView
          networks={all}
          onNetwork={(id) => setOpen({ id, tab: 'containers' })}
          onContainer={(id, name) => setContainer({ id, name })}
        />
      )}

      {creating && (
        <CreateNetworkDialog
          onClose={() => setCreating(false)}
          onCreated={(id) => {
            setCreating(false);
            void useNetworks.getState().refresh([id]);
          }}
        />
      )}
      {pruning && <PruneNetworksDialog onClose={() => setPruning(false)} />}
      {open && (
        <NetworkDetails
          id={open.id}
          initialTab={open.tab}
          onClose={() => setOpen(undefined)}
          onContainer={(id, name) => setContainer({ id, name })}
          onCheck={(networkId) => setChecking({ networkId })}
        />
      )}
      {checking && (
        <ConnectivityDialog
          networks={all}
          initialNetworkId={checking.networkId}
          onClose={() => setChecking(undefined)}
        />
      )}
      {container && (
        <ContainerCard id={container.id} fallbackName={container.name} onClose={() => setContainer(undefined)} />
      )}
    </section>
  );
}

function NetworkRow({ n, onOpen, ...row }: VirtualRowProps & { n: NetworkSummary; onOpen(tab: NetworkTab): void }) {
  const { t, i18n } = useTranslation();
  const active = n.containers.filter((c) => c.active).length;
  const v4 = n.subnets.find((s) => s.subnet && !s.subnet.includes(':'));
  const other = n.subnets.filter((s) => s !== v4 && s.subnet);
  return (
    <tr {...row} data-id={n.id} data-name={n.name} data-builtin={n.builtIn}>
      <td>
        <div className="name-line">
          <button type="button" className="link name" onClick={() => onOpen('containers')}>
            {n.name}
          </button>
          {n.builtIn && (
            <span className="pill" title={t('networks.builtInHelp')}>
              {t('networks.builtIn')}
            </span>
          )}
        </div>
        <div className="muted mono small">{n.id.slice(0, 12)}</div>
      </td>
      <td className="small">{n.driver}</td>
      <td className="small">{n.scope}</td>
      <td className="mono small">
        {v4?.subnet ?? (n.subnets.length ? '' : '—')}
        {other.map((s) => (
          <div key={s.subnet}>{s.subnet}</div>
        ))}
      </td>
      <td className="mono small">{v4?.gateway ?? '—'}</td>
      <td className="small">
        <div className="flags">
          {n.internal && <span className="pill">{t('networks.internal')}</span>}
          {n.attachable && <span className="pill">{t('networks.attachable')}</span>}
          {n.ipv6 && <span className="pill">IPv6</span>}
        </div>
      </td>
      <td
        className="num"
        data-testid="network-containers"
        title={t('networks.containersHelp', { active, total: n.containers.length })}
      >
        {active}
        {n.containers.length > active && <span className="muted small"> / {n.containers.length}</span>}
      </td>
      <td className="small" title={n.created ? formatDateTime(n.created, i18n.language) : undefined}>
        {n.created ? formatAgo(n.created, i18n.language) : '—'}
      </td>
      <td className="actions">
        <button
          type="button"
          aria-label={`${t('networks.actions.connect')} ${n.name}`}
          onClick={() => onOpen('connect')}
          disabled={n.name === 'host' || n.name === 'none'}
        >
          {t('networks.actions.connect')}
        </button>
        <button
          type="button"
          aria-label={`${t('networks.actions.inspect')} ${n.name}`}
          onClick={() => onOpen('inspect')}
        >
          {t('networks.actions.inspect')}
        </button>
        <button
          type="button"
          className="danger-text"
          aria-label={`${t('networks.actions.remove')} ${n.name}`}
          disabled={n.builtIn}
          title={n.builtIn ? t('networks.builtInHelp') : undefined}
          onClick={() => onOpen('remove')}
        >
          {t('networks.actions.remove')}
        </button>
      </td>
    </tr>
  );
}
