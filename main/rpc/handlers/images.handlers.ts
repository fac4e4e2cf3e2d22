import type { imagesCalls, imagesStreams } from '../../../preload/contract/images.contract';
import type { ImagesService } from '../../services/images.service';
import type { HandlersFor } from '../dispatcher';
import type { StreamHandlersFor } from '../streams';

export const imagesHandlers = (images: ImagesService): HandlersFor<typeof imagesCalls> => ({
  'images.list': (i) => images.list(i),
  'images.inspect': (i) => images.inspect(i),
  'images.history': (i) => images.history(i),
  'images.tag': (i) => images.tag(i),
  'images.remove': (i) => images.remove(i),
  'images.prunePreview': (i) => images.prunePreview(i),
  'images.prune': (i) => images.prune(i),
  'images.search': (i) => images.search(i),
});

export const imagesStreamHandlers = (images: ImagesService): StreamHandlersFor<typeof imagesStreams> => ({
  'images.pull': (i, sink) => images.pull(i, sink),
  'images.push': (i, sink) => images.push(i, sink),
  'images.build': (i, sink) => images.build(i, sink),
  'images.save': (i, sink) => images.save(i, sink),
  'images.load': (i, sink) => images.load(i, sink),
  'images.import': (i, sink) => images.import(i, sink),
});
