import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import type { ParsedStreamInput } from '../../preload/contract/index';
import type { OutputFrame } from '../../preload/contract/streams';
import { Demuxer } from '../engine/demux';
import type { EngineConnection } from '../engine/engine-connection';
import type { StreamSink, StreamSource } from '../rpc/streams';

/** `--since`/`--until` as the engine reads them: seconds, with up to nine decimals. */
const logTime = (t: number | string): string => (typeof t === 'string' ? t : String(t));

/**
 * `docker logs`: always bounded (tail, or a since/until window) or followed;
 * never a whole log read into memory. Bounded reads are streamed too (with
 * flow control), not buffered: dockerode answers `follow: false` with one
 * Buffer (dockerode#456), so they are dialled as streams here. The Tty
 * setting of the container decides whether the stream is multiplexed.
 */
export class LogsService {
  constructor(private readonly engine: EngineConnection) {}

  async open(input: ParsedStreamInput<'containers.logs'>, sink: StreamSink<OutputFrame>): Promise<StreamSource> {
    const docker = this.engine.api();
    const container = docker.getContainer(input.id);
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
      follow: input.follow,
      ...(input.since !== undefined ? { since: logTime(input.since) } : {}),
      ...(input.until !== undefined ? { until: logTime(input.until) } : {}),
    };

    const stream = await dialStream(docker, `/containers/${encodeURIComponent(info.Id)}/logs?`, opts, sink.signal);
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

/** A GET answered as a stream (dockerode does that only for `follow: true`). */
function dialStream(docker: Docker, path: string, options: object, signal: AbortSignal): Promise<Readable> {
  return new Promise((resolve, reject) => {
    docker.modem.dial(
      {
        path,
        method: 'GET',
        isStream: true,
        abortSignal: signal,
        statusCodes: { 200: true, 404: 'no such container', 500: 'server error' },
        options,
      },
      (err: unknown, data: unknown) => (err ? reject(err) : resolve(data as Readable)),
    );
  });
}
