// The mode table of scripts/bench/images.sh: reads kiln's `--format json` reports of one
// folder converted three ways (the default mode, --lossy, and --lossless on the PNG/GIF
// sources; the JPEG/TIFF/WebP ones count as lossy, the only mode the default gives them).
// Bytes are counted as served: for the full size and each width below the source's, the
// variant when it was written, else what a page falls back to (the next larger written
// variant, else the source itself). A plain sum of written files would favour a mode whose
// widths are dropped for being bigger than the full size (lossless widths of flat artwork
// often are) and one whose variants are not smaller than a small PNG (nothing written).
// Prints, per image that chose lossless, its bytes each way and what that saved against
// --lossy; then the default's total against the best single mode per image, and against the
// smaller of lossy and lossless for every variant the default wrote.
//   node images-choice.mjs NAME DEFAULT.json LOSSY.json LOSSLESS.json
// Last line: "choice NAME default best_per_image lossy chosen images best_per_variant".
import fs from 'node:fs';

const [name, defaultPath, lossyPath, losslessPath] = process.argv.slice(2);
const kept = (v) => v.outcome === 'written' || v.outcome === 'up-to-date';
function load(p) {
  const out = new Map();
  for (const im of JSON.parse(fs.readFileSync(p, 'utf8')).images) {
    const webp = im.variants.filter((v) => v.format === 'webp' && v.outcome !== 'would-upscale');
    let served = 0, fallback = im.bytes;  // full size first, then the widths largest first
    for (const v of webp) {
      const b = kept(v) ? v.bytes : fallback;
      served += b, fallback = b;
    }
    out.set(im.path, {
      served,
      files: webp.filter(kept).length,
      lossless: webp.some((v) => v.mode === 'lossless'),
      encoded: new Map(webp.filter((v) => v.bytes).map((v) => [v.path, v.bytes])),
      kept: webp.filter(kept),
    });
  }
  return out;
}
const def = load(defaultPath), lossy = load(lossyPath), lossless = load(losslessPath);
const fmt = (n) => n.toLocaleString('en-US');
const pct = (a, b) => (b ? ((a / b - 1) * 100).toFixed(1) + '%' : '-');

let tDef = 0, tBest = 0, tLossy = 0, tVariant = 0, tVariantBest = 0, chosen = 0;
const rows = [], misses = [];
for (const [path, d] of def) {
  const l = lossy.get(path), ll = lossless.get(path);
  const best = ll ? Math.min(l.served, ll.served) : l.served;
  tDef += d.served, tBest += best, tLossy += l.served;
  for (const v of d.kept) {  // the same variant's two encodes
    tVariant += v.bytes;
    tVariantBest += Math.min(v.bytes, l.encoded.get(v.path) ?? Infinity, ll?.encoded.get(v.path) ?? Infinity);
  }
  if (d.lossless) {
    chosen++;
    rows.push([path, d.served, d.files, l.served, ll ? ll.served : 0, l.served - d.served]);
  }
  if (d.served > best * 1.01) misses.push([path, d.lossless ? 'lossless' : 'lossy', d.served, l.served, ll?.served]);
}
console.log(`\n${name}: images that chose lossless WebP (served bytes; written files in brackets)`);
console.log(['image', 'default', '--lossy', '--lossless', 'saved against --lossy'].join(' | '));
// Many small icons: one line per folder instead of one per image.
const groups = new Map();
for (const r of rows) {
  const key = rows.length > 30 && r[0].includes('/') ? r[0].slice(0, r[0].lastIndexOf('/')) + '/*' : r[0];
  const g = groups.get(key) ?? [key, 0, 0, 0, 0, 0, 0];
  for (let i = 1; i < 6; i++) g[i] += r[i];
  g[6]++;
  groups.set(key, g);
}
for (const g of groups.values())
  console.log(`${g[6] > 1 ? `${g[0]} (${g[6]} images)` : g[0]} | ${fmt(g[1])} [${g[2]}] | ${fmt(g[3])} | ${fmt(g[4])} | ${fmt(g[5])} (${pct(g[1], g[3])})`);
console.log(`${name}: default ${fmt(tDef)} bytes served, the best single mode per image ${fmt(tBest)} (default ${pct(tDef, tBest)}; goal <= 1%), --lossy ${fmt(tLossy)} (default ${pct(tDef, tLossy)}); ${chosen} of ${def.size} images lossless`);
console.log(`${name}: the ${fmt(tVariant)} bytes the default wrote against the smaller of lossy and lossless for each of those variants: ${fmt(tVariantBest)} (${pct(tVariant, tVariantBest)})`);
for (const [p, mode, b, l, ll] of misses)
  console.log(`  more than 1% over the best single mode: ${p} (${mode}) ${fmt(b)}; --lossy ${fmt(l)}, --lossless ${ll === undefined ? '-' : fmt(ll)}`);
console.log(`choice ${name} ${tDef} ${tBest} ${tLossy} ${chosen} ${def.size} ${tVariantBest / tVariant * tDef}`);
