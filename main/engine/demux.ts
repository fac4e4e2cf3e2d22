import type { OutputFrame } from '../../preload/contract/streams';

/**
 * Splits the engine's multiplexed stdout/stderr stream (non-TTY logs, attach
 * and exec): each frame is an 8-byte header — stream type, 3 zero bytes,
 * big-endian length — then the payload. A chunk may hold several frames, a
 * header may be cut anywhere. TTY streams are raw and never go through here:
 * the caller decides from the container's or exec's Tty setting.
 */
export class Demuxer {
  private pending: Buffer = Buffer.alloc(0);

  constructor(private readonly onFrame: (frame: OutputFrame) => void) {}

  push(chunk: Uint8Array): void {
    let buf = this.pending.length
      ? Buffer.concat([this.pending, chunk])
      : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    // Consecutive payloads of one channel leave as one frame: a log written
    // line by line has a header per line, and a frame (an allocation, a batch
    // entry) per 60-byte line cost main more than the bytes themselves.
    let run: Buffer[] = [];
    let runType = 0;
    let runBytes = 0;
    const flush = () => {
      if (runBytes === 0) return;
      // Copy: the payload outlives this chunk (batched, sent across IPC).
      const data = new Uint8Array(runBytes);
      let at = 0;
      for (const part of run) {
        data.set(part, at);
        at += part.length;
      }
      this.onFrame({ channel: runType === 2 ? 'stderr' : 'stdout', data });
      run = [];
      runBytes = 0;
    };
    while (buf.length >= 8) {
      const type = buf[0] === 2 ? 2 : 1;
      const size = buf.readUInt32BE(4);
      if (buf.length < 8 + size) break;
      if (size > 0) {
        if (type !== runType) flush();
        runType = type;
        run.push(buf.subarray(8, 8 + size));
        runBytes += size;
      }
      buf = buf.subarray(8 + size);
    }
    flush();
    this.pending = Buffer.from(buf);
  }

  /** Bytes of an incomplete frame still held (non-zero at the end means the stream was cut). */
  get buffered(): number {
    return this.pending.length;
  }
}
