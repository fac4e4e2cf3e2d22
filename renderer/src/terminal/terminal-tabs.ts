import { useContainers } from '../stores';
import { useTerminal, type ExecOptions, type TabKind } from '../stores/terminal.store';
import { terminalRegistry } from './terminal-registry';

export interface OpenTabOptions {
  kind: TabKind;
  containerId?: string;
  exec?: ExecOptions;
  detachKeys?: string;
}

const newId = () =>
  typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `t${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`;

/** The label of a container's tab: its name, as `docker ps` shows it. */
export function containerTitle(id: string | undefined): string {
  if (!id) return '';
  const byId = useContainers.getState().byId;
  const c = byId.get(id) ?? [...byId.values()].find((x) => x.name === id || x.id.startsWith(id));
  return c?.name ?? id.slice(0, 12);
}

/** Open a tab (and, for exec/attach/host, its session and stream). Returns the tab id. */
export function openTab(o: OpenTabOptions): string {
  const id = newId();
  const terminal = o.kind === 'exec' || o.kind === 'attach' || o.kind === 'host';
  useTerminal.getState().add({
    id,
    kind: o.kind,
    ...(o.containerId ? { containerId: o.containerId } : {}),
    title: o.kind === 'host' ? 'host' : containerTitle(o.containerId),
    status: terminal ? 'connecting' : 'open',
    ...(o.exec ? { exec: o.exec } : {}),
    ...(o.detachKeys ? { detachKeys: o.detachKeys } : {}),
  });
  if (terminal) {
    const spec =
      o.kind === 'exec'
        ? { kind: 'exec' as const, containerId: o.containerId ?? '', exec: o.exec ?? {} }
        : o.kind === 'attach'
          ? {
              kind: 'attach' as const,
              containerId: o.containerId ?? '',
              detachKeys: o.detachKeys ?? useTerminal.getState().detachKeys,
            }
          : { kind: 'host' as const };
    void terminalRegistry.create(id, spec).connect();
  }
  return id;
}

/** Close a tab: its stream closes (main ends the exec's processes) and its terminal is freed. */
export function closeTab(id: string): void {
  terminalRegistry.dispose(id);
  useTerminal.getState().remove(id);
}

export function reconnectTab(id: string): void {
  void terminalRegistry.get(id)?.connect();
}
