import { z } from 'zod';
import type { BerthErrorShape } from './errors';

/**
 * A stream declaration: the input schema (validated in main) and the frame
 * type main sends (typed only: main is trusted). Streams are sessions owned
 * by main: opened with their input, fed with control messages, ended once.
 */
export interface StreamDecl<I extends z.ZodType, F> {
  input: I;
  /** Phantom: the frame type, for the compiler only. */
  frame: F;
}

export const stream = <I extends z.ZodType, F>(input: I): StreamDecl<I, F> => ({ input, frame: undefined as F });

/** A chunk of bytes from stdout or stderr (logs, exec, attach). */
export interface OutputFrame {
  channel: 'stdout' | 'stderr';
  data: Uint8Array;
}

const MAX_WRITE = 1024 * 1024;

/** What the renderer may send to an open stream. Validated in main like any payload. */
export const StreamControl = z.discriminatedUnion('t', [
  z.strictObject({
    t: z.literal('write'),
    data: z.union([z.instanceof(Uint8Array).refine((d) => d.byteLength <= MAX_WRITE), z.string().max(MAX_WRITE)]),
  }),
  z.strictObject({
    t: z.literal('resize'),
    cols: z.number().int().min(1).max(2000),
    rows: z.number().int().min(1).max(1000),
  }),
  /** Bytes the renderer has processed (flow control). */
  z.strictObject({
    t: z.literal('ack'),
    bytes: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31),
  }),
  z.strictObject({ t: z.literal('close') }),
]);
export type StreamControl = z.infer<typeof StreamControl>;

/** What main sends for an open stream: batched frames, then exactly one end. */
export type StreamMessage<F = unknown> = { t: 'frames'; frames: F[] } | { t: 'end'; error?: BerthErrorShape };

/** Flow-control weight of a frame: its bytes, or 1 for a small structured frame. */
export function frameWeight(frame: unknown): number {
  if (frame instanceof Uint8Array) return frame.byteLength;
  const data = (frame as { data?: unknown } | null)?.data;
  return data instanceof Uint8Array ? data.byteLength : 1;
}

export const STREAM_OPEN_CHANNEL = 'berth:stream:open';
export const STREAM_CONTROL_CHANNEL = 'berth:stream:control';
export const STREAM_MESSAGE_CHANNEL = 'berth:stream:message';
