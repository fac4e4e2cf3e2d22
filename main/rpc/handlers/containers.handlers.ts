import type { containersCalls } from '../../../preload/contract/containers.contract';
import type { ContainersService } from '../../services/containers.service';
import type { HandlersFor } from '../dispatcher';

export const containersHandlers = (containers: ContainersService): HandlersFor<typeof containersCalls> => ({
  'containers.list': (i) => containers.list(i),
  'containers.start': (i) => containers.start(i),
  'containers.stop': (i) => containers.stop(i),
  'containers.restart': (i) => containers.restart(i),
  'containers.remove': (i) => containers.remove(i),
});
