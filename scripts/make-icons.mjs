// Draws the extension icon (128x128) and the task icon (32x32) as PNGs, so the artwork is reproducible from source.
// Usage: node scripts/make-icons.mjs  (writes images/extension-icon.png and tasks/DatabricksRepoSyncV1/icon.png)
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';

const root = path.resolve(import.meta.dirname, '..');
// Databricks orange-red tile with white layers: readable on the light and the dark theme alike.
const TILE = [255, 54, 33];
const INK = [255, 255, 255];
const BADGE = [27, 49, 57];

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
function encodePng(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// Shapes in unit coordinates (0..1); each returns whether a point is inside.
const roundedTile = (x, y) => {
  const r = 0.2;
  const dx = Math.max(r - x, x - (1 - r), 0);
  const dy = Math.max(r - y, y - (1 - r), 0);
  return dx * dx + dy * dy <= r * r;
};
const rhombus = (cx, cy, w, h) => (x, y) => Math.abs(x - cx) / w + Math.abs(y - cy) / h <= 1;
const chevron = (cx, cy, w, h, t) => (x, y) => {
  const dx = Math.abs(x - cx);
  if (dx > w) return false;
  const edge = cy + h * (1 - dx / w);
  return y <= edge && y >= edge - t;
};
const disc = (cx, cy, r) => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
const syncArrow = (cx, cy, r, t) => (x, y) => {
  const d = Math.hypot(x - cx, y - cy);
  const angle = Math.atan2(y - cy, x - cx);
  const onRing = d <= r && d >= r - t && !(angle > -0.5 && angle < 0.35) && !(angle > 2.65 || angle < -2.8);
  const head = (px, py, dir) => {
    const ux = x - px;
    const uy = y - py;
    return Math.abs(ux) * 1.0 + Math.abs(uy) * 0.0 <= t * 1.4 && uy * dir >= 0 && uy * dir <= t * 1.6 - Math.abs(ux) * 1.1;
  };
  return onRing || head(cx + r - t / 2, cy + 0.02, -1) || head(cx - r + t / 2, cy - 0.02, 1);
};

function draw(size, withBadge) {
  const layers = [
    rhombus(0.5, 0.3, 0.3, 0.12),
    chevron(0.5, 0.38, 0.3, 0.12, 0.085),
    chevron(0.5, 0.53, 0.3, 0.12, 0.085),
  ];
  const badge = withBadge ? disc(0.74, 0.74, 0.19) : () => false;
  const arrow = withBadge ? syncArrow(0.74, 0.74, 0.12, 0.045) : () => false;
  const samples = 4;
  const rgba = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const acc = [0, 0, 0, 0];
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = (px + (sx + 0.5) / samples) / size;
          const y = (py + (sy + 0.5) / samples) / size;
          if (!roundedTile(x, y)) continue;
          let color = TILE;
          if (layers.some((inside) => inside(x, y))) color = INK;
          if (badge(x, y)) color = arrow(x, y) ? INK : BADGE;
          acc[0] += color[0];
          acc[1] += color[1];
          acc[2] += color[2];
          acc[3] += 255;
        }
      }
      const covered = acc[3] / 255;
      const offset = (py * size + px) * 4;
      if (covered > 0) {
        rgba[offset] = Math.round(acc[0] / covered);
        rgba[offset + 1] = Math.round(acc[1] / covered);
        rgba[offset + 2] = Math.round(acc[2] / covered);
      }
      rgba[offset + 3] = Math.round(acc[3] / (samples * samples));
    }
  }
  return encodePng(size, rgba);
}

fs.writeFileSync(path.join(root, 'images', 'extension-icon.png'), draw(128, true));
fs.writeFileSync(path.join(root, 'tasks', 'DatabricksRepoSyncV1', 'icon.png'), draw(32, false));
console.log('icons written');
