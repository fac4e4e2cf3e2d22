import type { NavigateRequest } from '../../../preload/contract/system.contract';
import { requestRunForm } from '../lib/run-prefill';
import { useNavigation } from './navigation.store';
import { useTerminalRequests } from './terminal-requests.store';

/**
 * Main asks the page to show something (a tray item, a notification click):
 * the panel, and the object in it. Terminal requests open a tab.
 */
export function handleNavigate(req: NavigateRequest): void {
  const nav = useNavigation.getState();
  switch (req.to) {
    case 'terminal':
      if (req.id) useTerminalRequests.getState().request({ containerId: req.id, mode: 'exec' });
      else nav.setPanel('terminal');
      break;
    case 'logs':
    case 'containers':
      if (req.id) nav.open('containers', { kind: 'container', id: req.id });
      else nav.setPanel('containers');
      break;
    case 'run':
      requestRunForm({});
      break;
    case 'pull':
      nav.open('images', { kind: 'action', id: 'pull' });
      break;
    case 'images':
      if (req.id) nav.open('images', { kind: 'image', id: req.id });
      else nav.setPanel('images');
      break;
    default:
      nav.setPanel(req.to);
  }
}
