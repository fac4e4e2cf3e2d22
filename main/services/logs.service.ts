import type { Readable } from 'node:stream';
import type { ParsedStreamInput } from '../../preload/contract/index';
import type { OutputFrame } from '../../preload/contract/streams';
import { Demuxer } from '../engine/demux';
import type { EngineConnection } from '../engine/engine-connection';
import type { StreamSink, StreamSource } from '../rpc/streams';

/**
 * `docker logs`: always bounded (tail/since/until) or followed; never a whole
 * log read into memory. The Tty setting of the container decides whether the
 * stream is multiplexed.
 */
export class LogsService {
  constructor(private readonly engine: EngineConnection) {}

  async open(input: ParsedStreamInput<'containers.logs'>, sink: StreamSink<OutputFrame>): Promise<StreamSource> {
    const container = this.engine.api().getContainer(input.id);
    const info = await container.inspect({ abortSignal: sink.signal });
    const tty = !!info.Config?.Tty;
    const emit = tty ? (data: Uint8Array) => sink.push({ channel: 'stdout', data: new Uint8Array(data) }) : undefined;
    const demux = tty ? undefined : new Demuxer((f) => sink.push(f));
    const onChunk = (chunk: Buffer) => (emit ? emit(chunk) : demux?.push(chunk));
    const opts = {
      stdout: true,
      stderr: true,
      timestamps: input.timestamps,
      tail: input.tail,
      ...(input.since !== undefined ? { since: input.since } : {}),
      ...(input.until !== undefined ? { until: input.until } : {}),
      abortSignal: sink.signal,
    };

    if (!input.follow) {
      // follow:false answers a Buffer, not a stream (dockerode#456): bounded by tail.
      const buf = (await container.logs({ ...opts, follow: false })) as unknown as Buffer;
      onChunk(buf);
      setImmediate(() => sink.end());
      return { close: () => {} };
    }

    const stream = (await container.logs({ ...opts, follow: true })) as unknown as Readable;
    stream.on('data', onChunk);
    stream.once('end', () => sink.end());
    stream.once('error', (err) => sink.end(sink.signal.aborted ? undefined : err));
    return {
      pause: () => stream.pause(),
      resume: () => stream.resume(),
      close: () => {
        stream.removeAllListeners('data');
        stream.destroy();
      },
    };
  }
}
