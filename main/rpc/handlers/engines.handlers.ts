import type { enginesCalls } from '../../../preload/contract/engines.contract';
import type { EnginesService } from '../../services/engines.service';
import type { HandlersFor } from '../dispatcher';

export const enginesHandlers = (engines: EnginesService): HandlersFor<typeof enginesCalls> => ({
  'engines.list': (i) => engines.list(i),
  'engines.test': (i) => engines.test(i),
  'engines.add': (i) => engines.add(i),
  'engines.update': (i) => engines.update(i),
  'engines.remove': (i) => engines.remove(i),
  'engines.activate': (i) => engines.activate(i),
});
