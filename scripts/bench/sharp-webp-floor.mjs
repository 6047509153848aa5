// The libwebp inside sharp against Debian's, picture for picture: the other half of
// images.sh's comparison. Every picture images.sh encodes (full size + each width below the
// image's) is decoded and resized first, untimed, to raw pixels; then only the encode is
// timed: raw pixels -> WebP (quality 80, effort 4), one at a time, sharp.concurrency(1),
// process CPU time (user + system). build-floor.c times the same pictures with the system
// libwebp (`webp PATH WIDTHS` lines on its stdin).
//   node sharp-webp-floor.mjs DIR --widths 640,1280,1920
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';

const args = process.argv.slice(2);
const dir = args[0];
const i = args.indexOf('--widths');
const widths = (i >= 0 ? args[i + 1] : '').split(',').filter(Boolean).map(Number);
const raster = /\.(png|jpe?g|gif|tiff?|webp)$/i;
sharp.concurrency(1);
sharp.cache(false);

async function walk(d) {
  const out = [];
  for (const e of await fs.readdir(d, { withFileTypes: true })) {
    const p = path.join(d, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else if (raster.test(e.name)) out.push(p);
  }
  return out.sort();
}

let cpu = 0, pictures = 0, bytes = 0;
async function encode(raw) {
  const c0 = process.cpuUsage();
  const { width, height, channels } = raw.info;
  const out = await sharp(raw.data, { raw: { width, height, channels } }).webp({ quality: 80, effort: 4 }).toBuffer();
  const c = process.cpuUsage(c0);
  cpu += (c.user + c.system) / 1e6;
  pictures++;
  bytes += out.length;
}

for (const file of await walk(dir)) {
  const input = await fs.readFile(file);
  const base = sharp(input).rotate();
  const full = await base.clone().raw().toBuffer({ resolveWithObject: true });
  await encode(full);
  for (const w of widths)
    if (w < full.info.width) await encode(await base.clone().resize({ width: w }).raw().toBuffer({ resolveWithObject: true }));
}
console.log(`sharp ${sharp.versions.sharp} libwebp ${sharp.versions.webp}: ${pictures} pictures -> ${bytes} bytes, cpu ${cpu.toFixed(3)} s`);
