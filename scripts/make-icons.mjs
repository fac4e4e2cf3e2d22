// Draws Berth's PNG icons (app icon in several sizes, tray icons per engine
// state, macOS template images) without any image tool: a tiny rasteriser
// and PNG encoder on node:zlib. Run: node scripts/make-icons.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Supersampled shapes in a 64-unit design space. */
function draw(size, shapes) {
  const out = Buffer.alloc(size * size * 4);
  const ss = 4;
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      for (let sy = 0; sy < ss; sy++)
        for (let sx = 0; sx < ss; sx++) {
          const u = ((x + (sx + 0.5) / ss) / size) * 64;
          const v = ((y + (sy + 0.5) / ss) / size) * 64;
          let px = [0, 0, 0, 0];
          for (const s of shapes) if (s.hit(u, v)) px = s.color;
          r += px[0] * px[3];
          g += px[1] * px[3];
          b += px[2] * px[3];
          a += px[3];
        }
      const n = ss * ss;
      const i = (y * size + x) * 4;
      out[i] = a ? r / a : 0;
      out[i + 1] = a ? g / a : 0;
      out[i + 2] = a ? b / a : 0;
      out[i + 3] = (a / n) * 255;
    }
  return png(size, out);
}
const rect = (x0, y0, x1, y1, color, rad = 0) => ({
  color,
  hit: (u, v) => {
    if (u < x0 || u > x1 || v < y0 || v > y1) return false;
    const cx = Math.min(Math.max(u, x0 + rad), x1 - rad),
      cy = Math.min(Math.max(v, y0 + rad), y1 - rad);
    return (u - cx) ** 2 + (v - cy) ** 2 <= rad * rad + 1e-9;
  },
});
const circle = (cx, cy, r, color) => ({ color, hit: (u, v) => (u - cx) ** 2 + (v - cy) ** 2 <= r * r });
const hull = (color) => ({
  color,
  hit: (u, v) => v >= 38 && v <= 48 && u >= 12 + (v - 38) * 0.5 && u <= 52 - (v - 38) * 0.5,
});

const WHITE = [255, 255, 255, 1];
const BLUE = [31, 111, 235, 1];
const BLACK = [0, 0, 0, 1];
const ship = (c) => [
  hull(c),
  rect(18, 26, 26, 35, c, 1.5),
  rect(28, 26, 36, 35, c, 1.5),
  rect(38, 26, 46, 35, c, 1.5),
  rect(28, 15, 36, 24, c, 1.5),
];
const STATE = { connected: [46, 160, 67, 1], disconnected: [207, 34, 46, 1], busy: [210, 153, 34, 1] };

mkdirSync('assets/icons', { recursive: true });
mkdirSync('assets/tray', { recursive: true });
for (const size of [16, 32, 48, 64, 128, 256, 512]) {
  writeFileSync(`assets/icons/${size}x${size}.png`, draw(size, [rect(0, 0, 64, 64, BLUE, 14), ...ship(WHITE)]));
}
writeFileSync('assets/icons/icon-256.png', draw(256, [rect(0, 0, 64, 64, BLUE, 14), ...ship(WHITE)]));
writeFileSync('assets/icons/icon-512.png', draw(512, [rect(0, 0, 64, 64, BLUE, 14), ...ship(WHITE)]));
for (const [state, color] of Object.entries(STATE)) {
  // Linux/Windows: coloured ship with a state dot, 16/24/32 px (+@2x).
  for (const size of [16, 24, 32]) {
    writeFileSync(
      `assets/tray/tray-${state}-${size}.png`,
      draw(size, [...ship(BLUE), circle(52, 52, 11, WHITE), circle(52, 52, 8, color)]),
    );
  }
  // macOS: template images (black + alpha), 16 and 32 px as @2x; the state shows as a filled or hollow dot.
  const dot =
    state === 'connected'
      ? [circle(52, 52, 9, BLACK)]
      : state === 'busy'
        ? [rect(44, 49, 60, 55, BLACK, 2)]
        : [circle(52, 52, 9, BLACK), circle(52, 52, 5, [0, 0, 0, 0])];
  writeFileSync(`assets/tray/tray-${state}Template.png`, draw(16, [...ship(BLACK), ...dot]));
  writeFileSync(`assets/tray/tray-${state}Template@2x.png`, draw(32, [...ship(BLACK), ...dot]));
}
console.log('icons written to assets/icons and assets/tray');
