// The sharp side of scripts/bench/images.sh: what a sharp-based build plugin does for
// `kiln images DIR --widths ...`: for every PNG/JPEG/GIF/WebP/TIFF a full-size WebP beside it
// and one per width below the source's width (withoutEnlargement), autorotated, metadata
// stripped (sharp's default), quality/effort as given. Images are processed `jobs` at a time
// (default: one per core), each image's variants together, as plugins do with Promise.all.
//   node sharp-images.mjs DIR --widths 640,1280,1920 [--quality 80] [--effort 4] [--jobs N]
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';

const args = process.argv.slice(2);
const dir = args[0];
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const widths = opt('--widths', '').split(',').filter(Boolean).map(Number);
const quality = Number(opt('--quality', 80));
const effort = Number(opt('--effort', 4));
const jobs = Number(opt('--jobs', os.cpus().length));
const raster = /\.(png|jpe?g|gif|tiff?|webp)$/i;

async function walk(d) {
  const out = [];
  for (const e of await fs.readdir(d, { withFileTypes: true })) {
    const p = path.join(d, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else if (raster.test(e.name) && !/-\d+w\.webp$/.test(e.name)) out.push(p);
  }
  return out.sort();
}

async function convert(file) {
  const input = await fs.readFile(file);
  const meta = await sharp(input).metadata();
  const width = meta.autoOrient ? meta.autoOrient.width : meta.width;
  const stem = file.replace(/\.[^.]+$/, '');
  const tasks = [];
  if (!/\.webp$/i.test(file))
    tasks.push(sharp(input).rotate().webp({ quality, effort }).toFile(stem + '.webp'));
  for (const w of widths) {
    if (w >= width) continue;
    tasks.push(
      sharp(input).rotate().resize({ width: w, withoutEnlargement: true }).webp({ quality, effort })
        .toFile(`${stem}-${w}w.webp`));
  }
  await Promise.all(tasks);
}

const files = await walk(dir);
let next = 0;
await Promise.all(Array.from({ length: jobs }, async () => {
  while (next < files.length) await convert(files[next++]);
}));
console.log(`sharp ${sharp.versions.sharp} (libvips ${sharp.versions.vips}, libwebp ${sharp.versions.webp}): ${files.length} images`);
