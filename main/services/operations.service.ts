import { EventEmitter } from 'node:events';
import type { StreamSink, StreamSource } from '../rpc/streams';

/** The long image operations the tray shows as busy and may notify about when they finish. */
export type OperationKind = 'pull' | 'push' | 'build';

export interface OperationEnd {
  kind: OperationKind;
  /** What it was about: the reference pulled or pushed, the build's first tag or its folder. */
  title: string;
  /** done: it finished (the engine said so); failed: an error ended it; cancelled: closed before the end. */
  outcome: 'done' | 'failed' | 'cancelled';
  /** The engine's words when it failed. */
  error?: string;
  durationMs: number;
}

interface OperationsEvents {
  /** How many operations run now (after one started or ended). */
  change: [running: number];
  ended: [end: OperationEnd];
}

/**
 * Counts the pulls, pushes and builds in flight (whoever started them: a window, a web page) and reports each
 * one's end. It sits between the stream hub and the images service: a success is the `done` frame the service
 * sends last; an error is what the service ends the stream with; anything else that ends it (the user's close,
 * the window going away, quit) is a cancellation.
 */
export class OperationsService extends EventEmitter<OperationsEvents> {
  private count = 0;

  constructor(private readonly now: () => number = Date.now) {
    super();
  }

  get running(): number {
    return this.count;
  }

  /** Wrap a stream handler so that the operation it starts is counted until its stream ends. */
  track<I, F>(
    kind: OperationKind,
    title: (input: I) => string,
    open: (input: I, sink: StreamSink<F>) => Promise<StreamSource>,
  ): (input: I, sink: StreamSink<F>) => Promise<StreamSource> {
    return async (input, sink) => {
      const started = this.now();
      let done = false;
      let error: unknown;
      let finished = false;
      const finish = (report: boolean) => {
        if (finished) return;
        finished = true;
        this.count--;
        this.emit('change', this.count);
        if (!report) return;
        const outcome = error !== undefined ? 'failed' : done ? 'done' : 'cancelled';
        this.emit('ended', {
          kind,
          title: title(input),
          outcome,
          ...(error !== undefined ? { error: messageOf(error) } : {}),
          durationMs: this.now() - started,
        });
      };
      const tracked: StreamSink<F> = {
        push: (frame) => {
          if ((frame as { t?: unknown } | null)?.t === 'done') done = true;
          sink.push(frame);
        },
        end: (err) => {
          if (err !== undefined && !done) error = err;
          sink.end(err);
          finish(true);
        },
        signal: sink.signal,
      };
      this.count++;
      this.emit('change', this.count);
      // Every end of the stream aborts its signal (the hub's single dispose), whoever ended it.
      sink.signal.addEventListener('abort', () => finish(true), { once: true });
      try {
        return await open(input, tracked);
      } catch (err) {
        // Refused before it started (a bad reference, no credentials): the window shows why; nothing ran.
        finish(false);
        throw err;
      }
    };
  }
}

function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'object' && err && 'message' in err) return String((err as { message: unknown }).message);
  return String(err);
}
