import type { terminalCalls } from '../../../preload/contract/terminal.contract';
import type { HostTerminalService } from '../../services/host-terminal.service';
import type { TerminalService } from '../../services/terminal.service';
import type { HandlersFor } from '../dispatcher';

export interface TerminalHandlerDeps {
  terminal: TerminalService;
  host: HostTerminalService;
  /** The desktop shell opens links in the user's browser; absent in web mode (the page opens them). */
  openExternal?: ((url: string) => Promise<void>) | undefined;
}

export const terminalHandlers = ({
  terminal,
  host,
  openExternal,
}: TerminalHandlerDeps): HandlersFor<typeof terminalCalls> => ({
  'terminal.detectShell': (i) => terminal.detectShell(i),
  'terminal.hostInfo': () => host.info(),
  // The URL was checked (http/https only) by the contract before it got here.
  'system.openExternal': async ({ url }) => {
    if (!openExternal) return { opened: false };
    await openExternal(url);
    return { opened: true };
  },
});
