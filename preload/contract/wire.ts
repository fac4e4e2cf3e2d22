/**
 * The web mode's WebSocket messages, for the web server and the browser
 * bridge alike, so both sides agree.
 *
 * A message without bytes is a text frame of plain JSON. A message that
 * carries byte arrays (stream output, file downloads) is one binary frame:
 *
 *     u32 LE header length | header: UTF-8 JSON | the byte arrays, back to back
 *
 * where each byte array in the header is `{"$bin":[offset,length]}` into the
 * part after the header. Output travels as it came from the engine: no base64
 * (a third bigger, encoded in main and decoded byte by byte in the page) and
 * no multi-megabyte JSON strings; the page reads each array as a view of the
 * frame it received, without a copy.
 *
 * Text frames may still carry `{"$bytes": base64}` (what older pages send for
 * terminal input); both forms decode to Uint8Array.
 */
/** Node's Buffer where there is one (the web server): its base64 is native, ~100× faster than building a string. */
const NodeBuffer = (
  globalThis as {
    Buffer?: { from(b: ArrayBufferLike, offset: number, length: number): { toString(enc: 'base64'): string } };
  }
).Buffer;

function toBase64(bytes: Uint8Array): string {
  if (NodeBuffer) return NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromBase64(b64: string): Uint8Array {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

const isPlainBox = (v: unknown, key: string): v is Record<string, unknown> =>
  !!v && typeof v === 'object' && !Array.isArray(v) && key in v && Object.keys(v).length === 1;

/** JSON text, byte arrays as base64 (a text frame). */
export function encodeWire(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key, v: unknown) {
    const raw = this[key]; // before Buffer.toJSON turned it into {type,data}
    return raw instanceof Uint8Array ? { $bytes: toBase64(raw) } : v;
  });
}

/**
 * The frame to send for `value`: text when it holds no bytes, else one
 * binary frame (see above).
 */
export function encodeWireFrame(value: unknown): string | Uint8Array {
  const blobs: Uint8Array[] = [];
  let size = 0;
  const header = JSON.stringify(value, function (this: Record<string, unknown>, key, v: unknown) {
    const raw = this[key];
    if (!(raw instanceof Uint8Array)) return v;
    blobs.push(raw);
    size += raw.byteLength;
    return { $bin: [size - raw.byteLength, raw.byteLength] };
  });
  if (blobs.length === 0) return header;
  const head = new TextEncoder().encode(header);
  const out = new Uint8Array(4 + head.byteLength + size);
  new DataView(out.buffer).setUint32(0, head.byteLength, true);
  out.set(head, 4);
  let at = 4 + head.byteLength;
  for (const b of blobs) {
    out.set(b, at);
    at += b.byteLength;
  }
  return out;
}

/** Decode a text frame (JSON, `$bytes` as base64) or a binary frame from encodeWireFrame. */
export function decodeWire(data: string | ArrayBuffer | Uint8Array): unknown {
  if (typeof data === 'string') {
    return JSON.parse(data, (_key, v: unknown) =>
      isPlainBox(v, '$bytes') && typeof v.$bytes === 'string' ? fromBase64(v.$bytes) : v,
    );
  }
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  if (bytes.byteLength < 4) throw new Error('short binary frame');
  const headLen = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true);
  if (4 + headLen > bytes.byteLength) throw new Error('binary frame header out of bounds');
  const body = bytes.subarray(4 + headLen);
  const header = new TextDecoder().decode(bytes.subarray(4, 4 + headLen));
  return JSON.parse(header, (_key, v: unknown) => {
    if (isPlainBox(v, '$bin')) {
      const r = v.$bin;
      if (Array.isArray(r) && r.length === 2 && Number.isSafeInteger(r[0]) && Number.isSafeInteger(r[1])) {
        const [off, len] = r as [number, number];
        if (off < 0 || len < 0 || off + len > body.byteLength) throw new Error('binary frame part out of bounds');
        return body.subarray(off, off + len);
      }
    }
    if (isPlainBox(v, '$bytes') && typeof v.$bytes === 'string') return fromBase64(v.$bytes);
    return v;
  });
}
