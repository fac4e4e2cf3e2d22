import type { systemCalls } from '../../../preload/contract/system.contract';
import type { EngineConnection } from '../../engine/engine-connection';
import type { HandlersFor } from '../dispatcher';

export const systemHandlers = (engine: EngineConnection): HandlersFor<typeof systemCalls> => ({
  'system.status': () => engine.status,
});
