import type { registriesCalls } from '../../../preload/contract/registries.contract';
import type { RegistriesService } from '../../services/registries.service';
import type { HandlersFor } from '../dispatcher';

export const registriesHandlers = (registries: RegistriesService): HandlersFor<typeof registriesCalls> => ({
  'registries.list': () => registries.list(),
  'registries.login': (i) => registries.login(i),
  'registries.logout': (i) => registries.logout(i),
  'registries.catalog': (i) => registries.catalog(i),
  'registries.tags': (i) => registries.tags(i),
});
