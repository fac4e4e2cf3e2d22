import type { systemCalls } from '../../../preload/contract/system.contract';
import type { EngineConnection } from '../../engine/engine-connection';
import type { ActivityService } from '../../services/activity.service';
import type { SystemService } from '../../services/system.service';
import type { HandlersFor } from '../dispatcher';

export interface SystemHandlerDeps {
  engine: EngineConnection;
  system: SystemService;
  activity: ActivityService;
}

export const systemHandlers = ({ engine, system, activity }: SystemHandlerDeps): HandlersFor<typeof systemCalls> => ({
  'system.status': () => engine.status,
  'system.info': () => system.info(),
  'system.df': () => system.df(),
  'system.prunePreview': (i) => system.prunePreview(i),
  'system.prune': (i) => system.prune(i),
  'system.about': () => system.about(),
  'activity.history': (i) => activity.history(i.afterSeq),
});
