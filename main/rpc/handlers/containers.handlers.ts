import type { containersCalls } from '../../../preload/contract/containers.contract';
import type { ContainersService } from '../../services/containers.service';
import type { HandlersFor } from '../dispatcher';

export const containersHandlers = (containers: ContainersService): HandlersFor<typeof containersCalls> => ({
  'containers.list': (i) => containers.list(i),
  'containers.start': (i) => containers.start(i),
  'containers.stop': (i) => containers.stop(i),
  'containers.restart': (i) => containers.restart(i),
  'containers.remove': (i) => containers.remove(i),
  'containers.kill': (i) => containers.kill(i),
  'containers.pause': (i) => containers.pause(i),
  'containers.unpause': (i) => containers.unpause(i),
  'containers.rename': (i) => containers.rename(i),
  'containers.prunePreview': () => containers.prunePreview(),
  'containers.prune': (i) => containers.prune(i),
  'containers.run': (i) => containers.run(i),
  'containers.recreate': (i) => containers.recreate(i),
  'containers.runSpec': (i) => containers.runSpec(i),
  'containers.hostPower': (i) => containers.hostPower(i),
  'containers.runOptions': () => containers.runOptions(),
  'containers.imageHints': (i) => containers.imageHints(i),
  'containers.inspect': (i) => containers.inspect(i),
  'containers.top': (i) => containers.top(i),
  'containers.changes': (i) => containers.changes(i),
  'containers.listFiles': (i) => containers.listFiles(i),
  'containers.download': (i) => containers.download(i),
  'containers.uploadChunk': (i) => containers.uploadChunk(i),
  'containers.uploadCommit': (i) => containers.uploadCommit(i),
  'containers.commit': (i) => containers.commit(i),
});
