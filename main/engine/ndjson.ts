import { StringDecoder } from 'node:string_decoder';

/**
 * Splits a byte stream into JSON values, one per line. A chunk may hold
 * several lines or half of one, and a multi-byte character may be cut at a
 * chunk border: bytes are decoded with a StringDecoder, lines are kept until
 * their newline arrives. A line that is not JSON goes to onMalformed.
 */
export class NdjsonParser<T = unknown> {
  private readonly decoder = new StringDecoder('utf8');
  private rest = '';

  constructor(
    private readonly onValue: (value: T) => void,
    private readonly onMalformed: (line: string, error: unknown) => void = () => {},
  ) {}

  push(chunk: Uint8Array | string): void {
    const text = this.rest + (typeof chunk === 'string' ? chunk : this.decoder.write(chunk as Buffer));
    const lines = text.split('\n');
    this.rest = lines.pop() ?? '';
    for (const line of lines) this.emit(line);
  }

  end(): void {
    const text = this.rest + this.decoder.end();
    this.rest = '';
    this.emit(text);
  }

  private emit(line: string): void {
    const trimmed = line.trim();
    if (!trimmed) return;
    let value: T;
    try {
      value = JSON.parse(trimmed) as T;
    } catch (err) {
      this.onMalformed(trimmed, err);
      return;
    }
    this.onValue(value);
  }
}
