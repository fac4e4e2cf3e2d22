import { api } from '../api';
import { useContainers } from '../stores';
import { engineKeyOf, useEngine } from '../stores/engine.store';
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
  const engine = useEngine.getState().status;
  useTerminal.getState().add({
    id,
    kind: o.kind,
    ...(o.containerId ? { containerId: o.containerId } : {}),
    title: o.kind === 'host' ? 'host' : containerTitle(o.containerId),
    status: terminal ? 'connecting' : 'open',
    ...(o.exec ? { exec: o.exec } : {}),
    ...(o.detachKeys ? { detachKeys: o.detachKeys } : {}),
    ...(o.kind !== 'host' && engine
      ? { engineKey: engineKeyOf(engine), ...(engine.engineName ? { engineName: engine.engineName } : {}) }
      : {}),
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

/** A container tab of an engine other than the active one (the host shell belongs to none). */
export function onOtherEngine(tab: { engineKey?: string | undefined }): boolean {
  return !!tab.engineKey && tab.engineKey !== engineKeyOf(useEngine.getState().status);
}

/** Open the tab's session again — only on the engine it belongs to, never on whichever is active now. */
export function reconnectTab(id: string): void {
  const tab = useTerminal.getState().tabs.find((t) => t.id === id);
  if (tab && onOtherEngine(tab)) return;
  void terminalRegistry.get(id)?.connect();
}

/** Make the tab's engine the active one again, then reconnect the tab once that engine is connected. */
export async function switchToTabEngine(id: string, timeoutMs = 20_000): Promise<void> {
  const tab = useTerminal.getState().tabs.find((t) => t.id === id);
  if (!tab?.engineKey) return;
  const key = tab.engineKey;
  await api.call('engines.activate', { id: key });
  await new Promise<void>((resolve) => {
    const ready = () => {
      const s = useEngine.getState().status;
      return engineKeyOf(s) === key && s?.state === 'connected';
    };
    if (ready()) return resolve();
    const timer = setTimeout(() => (off(), resolve()), timeoutMs);
    const off = useEngine.subscribe(() => {
      if (!ready()) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
  const t = useTerminal.getState().tabs.find((x) => x.id === id);
  if (t && (t.status === 'error' || t.status === 'exited' || t.status === 'detached')) reconnectTab(id);
}
