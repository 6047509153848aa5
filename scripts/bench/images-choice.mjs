// The mode table of scripts/bench/images.sh: reads kiln's `--format json` reports of one
// folder converted three ways (the default mode, --lossy, and --lossless on the PNG/GIF
// sources; the JPEG/TIFF/WebP ones count as lossy, the only mode the default gives them) and
// prints, per image, the bytes each way, the best of lossy and lossless, which mode the
// default chose and what that saved against lossy; then the totals: against the best single
// mode per image (a run's total counts only the variants it kept: a lossless width that is not
// smaller than the full size is dropped, so fewer files can make the smaller total), and
// against the smaller of lossy and lossless for each variant the default wrote.
//   node images-choice.mjs NAME DEFAULT.json LOSSY.json LOSSLESS.json
// Prints "choice NAME default_bytes best_bytes lossy_bytes lossless_chosen images" last.
import fs from 'node:fs';

const [name, defaultPath, lossyPath, losslessPath] = process.argv.slice(2);
const kept = (v) => v.outcome === 'written' || v.outcome === 'up-to-date';
function load(p) {
  const out = new Map();
  for (const im of JSON.parse(fs.readFileSync(p, 'utf8')).images) {
    const vs = im.variants.filter((v) => v.format === 'webp' && kept(v));
    out.set(im.path, {
      bytes: vs.reduce((s, v) => s + v.bytes, 0),
      files: vs.length,
      lossless: im.variants.some((v) => v.format === 'webp' && v.mode === 'lossless'),
      encoded: new Map(im.variants.filter((v) => v.format === 'webp' && v.bytes).map((v) => [v.path, v.bytes])),
      kept: vs,
    });
  }
  return out;
}
const def = load(defaultPath), lossy = load(lossyPath), lossless = load(losslessPath);
const fmt = (n) => n.toLocaleString('en-US');
const pct = (a, b) => (b ? ((a / b - 1) * 100).toFixed(1) + '%' : '-');

let tDef = 0, tBest = 0, tLossy = 0, chosen = 0, tVariantBest = 0;
const rows = [], misses = [];
for (const [path, d] of def) {
  const l = lossy.get(path), ll = lossless.get(path);
  const best = ll ? Math.min(l.bytes, ll.bytes) : l.bytes;
  tDef += d.bytes, tBest += best, tLossy += l.bytes;
  if (d.lossless) {
    chosen++;
    rows.push([path, d.bytes, d.files, l.bytes, l.files, ll ? ll.bytes : 0, l.bytes - d.bytes]);
  }
  // Per variant the default wrote: the smaller of that same variant's lossy and lossless encode.
  for (const v of d.kept)
    tVariantBest += Math.min(l.encoded.get(v.path) ?? v.bytes, ll?.encoded.get(v.path) ?? Infinity);
  if (d.bytes > best * 1.01) misses.push([path, d.lossless ? 'lossless' : 'lossy', d.bytes, best]);
}
console.log(`\n${name}: images that chose lossless WebP (bytes of all kept WebP variants; files in brackets)`);
console.log(['image', 'default (lossless)', '--lossy', '--lossless', 'saved vs lossy'].join(' | '));
// Many small icons: one line per folder instead of one per image.
const byFolder = new Map();
for (const r of rows) {
  const folder = r[0].includes('/') && rows.length > 30 ? r[0].slice(0, r[0].lastIndexOf('/')) + '/*' : r[0];
  const g = byFolder.get(folder) ?? [folder, 0, 0, 0, 0, 0, 0, 0];
  for (let i = 1; i < 7; i++) g[i] += r[i];
  g[7]++;
  byFolder.set(folder, g);
}
for (const g of byFolder.values()) {
  const label = g[7] > 1 ? `${g[0]} (${g[7]} images)` : g[0];
  console.log(`${label} | ${fmt(g[1])} [${g[2]}] | ${fmt(g[3])} [${g[4]}] | ${fmt(g[5])} | ${fmt(g[6])} (${pct(g[1], g[3])})`);
}
console.log(`${name}: default ${fmt(tDef)} bytes, best of lossy/lossless per image ${fmt(tBest)} (default ${pct(tDef, tBest)} above it, goal <= 1%), --lossy ${fmt(tLossy)} (default ${pct(tDef, tLossy)}); ${chosen} of ${def.size} images lossless`);
console.log(`${name}: the variants the default wrote, ${fmt(tDef)} bytes, against the smaller of lossy and lossless for each of them: ${fmt(tVariantBest)} (${pct(tDef, tVariantBest)})`);
for (const [p, mode, b, best] of misses) console.log(`  over the best by more than 1%: ${p} (${mode}) ${fmt(b)} against ${fmt(best)}`);
console.log(`choice ${name} ${tDef} ${tBest} ${tLossy} ${chosen} ${def.size} ${tVariantBest}`);
