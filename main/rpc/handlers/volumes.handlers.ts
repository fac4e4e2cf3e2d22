import type { volumesCalls } from '../../../preload/contract/volumes.contract';
import type { VolumesService } from '../../services/volumes.service';
import type { HandlersFor } from '../dispatcher';

export const volumesHandlers = (volumes: VolumesService): HandlersFor<typeof volumesCalls> => ({
  'volumes.list': (i) => volumes.list(i),
  'volumes.usage': () => volumes.usage(),
  'volumes.create': (i) => volumes.create(i),
  'volumes.inspect': (i) => volumes.inspect(i),
  'volumes.remove': (i) => volumes.remove(i),
  'volumes.prunePreview': (i) => volumes.prunePreview(i),
  'volumes.prune': (i) => volumes.prune(i),
  'volumes.browse': (i) => volumes.browse(i),
  'volumes.download': (i) => volumes.download(i),
  'volumes.uploadChunk': (i) => volumes.uploadChunk(i),
  'volumes.uploadCommit': (i) => volumes.uploadCommit(i),
});
