import type Docker from 'dockerode';
import type { ContainerState, ContainerSummary } from '../../preload/contract/containers.contract';
import type { EngineConnection } from '../engine/engine-connection';
import { tolerateNotModified } from '../engine/errors';

const STATES = new Set<ContainerState>(['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead']);

/** The one place engine container rows turn into ContainerSummary. */
export function toContainerSummary(c: Docker.ContainerInfo): ContainerSummary {
  const state = (STATES.has(c.State as ContainerState) ? c.State : 'dead') as ContainerState;
  return {
    id: c.Id,
    name: (c.Names?.[0] ?? c.Id.slice(0, 12)).replace(/^\//, ''),
    image: c.Image,
    imageId: c.ImageID,
    command: c.Command ?? '',
    created: c.Created,
    state,
    status: c.Status ?? '',
    ports: (c.Ports ?? []).map((p) => ({
      privatePort: p.PrivatePort,
      ...(p.PublicPort ? { publicPort: p.PublicPort } : {}),
      ...(p.IP ? { ip: p.IP } : {}),
      type: p.Type,
    })),
    labels: c.Labels ?? {},
  };
}

export class ContainersService {
  constructor(private readonly engine: EngineConnection) {}

  async list(input: { ids?: string[] | undefined }): Promise<ContainerSummary[]> {
    if (input.ids && input.ids.length === 0) return [];
    const rows = await this.engine.api().listContainers({
      all: true,
      ...(input.ids ? { filters: JSON.stringify({ id: input.ids }) } : {}),
    });
    return rows.map(toContainerSummary);
  }

  async start(input: { id: string }): Promise<void> {
    await tolerateNotModified(this.engine.api().getContainer(input.id).start());
  }

  async stop(input: { id: string; timeoutSeconds?: number | undefined }): Promise<void> {
    const opts = input.timeoutSeconds === undefined ? {} : { t: input.timeoutSeconds };
    await tolerateNotModified(this.engine.api().getContainer(input.id).stop(opts));
  }

  async restart(input: { id: string; timeoutSeconds?: number | undefined }): Promise<void> {
    const opts = input.timeoutSeconds === undefined ? {} : { t: input.timeoutSeconds };
    await this.engine.api().getContainer(input.id).restart(opts);
  }

  async remove(input: { id: string; force: boolean; removeVolumes: boolean }): Promise<void> {
    await this.engine.api().getContainer(input.id).remove({ force: input.force, v: input.removeVolumes });
  }
}
