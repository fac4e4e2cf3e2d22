import type { networksCalls } from '../../../preload/contract/networks.contract';
import type { NetworksService } from '../../services/networks.service';
import type { HandlersFor } from '../dispatcher';

export const networksHandlers = (networks: NetworksService): HandlersFor<typeof networksCalls> => ({
  'networks.list': (i) => networks.list(i),
  'networks.create': (i) => networks.create(i),
  'networks.inspect': (i) => networks.inspect(i),
  'networks.remove': (i) => networks.remove(i),
  'networks.prunePreview': () => networks.prunePreview(),
  'networks.prune': (i) => networks.prune(i),
  'networks.connect': (i) => networks.connect(i),
  'networks.disconnect': (i) => networks.disconnect(i),
  'networks.checkConnectivity': (i) => networks.checkConnectivity(i),
});
