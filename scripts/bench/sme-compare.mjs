// Compares two `source-map-explorer --json` outputs (kiln's and the tool's) result by result
// and source by source; prints every difference and exits 1 when there is one. Files that mix
// "\r\n" and "\n" line ends are skipped with the reason: source-map-explorer splits them at
// "\r\n" only, so every segment on a "\n"-ended line lands on the wrong line (leaflet-src.js);
// kiln splits at every "\n" there (README, "what is inside the bundles").
// Usage: node sme-compare.mjs KILN.json SME.json
import { readFileSync } from 'node:fs';

const [kiln, sme] = process.argv.slice(2).map((f) => JSON.parse(readFileSync(f, 'utf8')).results);
const byName = new Map(kiln.map((r) => [r.bundleName, r]));
let diffs = 0, sources = 0, compared = 0, skipped = 0;
const mixedEols = (file) => {
  const t = readFileSync(file, 'latin1');
  return t.includes('\r\n') && /(^|[^\r])\n/.test(t);
};
for (const s of sme) {
  if (mixedEols(s.bundleName)) {
    console.log(`${s.bundleName}: skipped, mixed CRLF and LF line ends (source-map-explorer reads its lines wrong)`);
    skipped++;
    continue;
  }
  const k = byName.get(s.bundleName);
  if (!k) { console.log(`${s.bundleName}: missing from kiln's output`); diffs++; continue; }
  compared++;
  for (const f of ['totalBytes', 'mappedBytes', 'unmappedBytes', 'eolBytes', 'sourceMapCommentBytes'])
    if (k[f] !== s[f]) { console.log(`${s.bundleName}: ${f} kiln ${k[f]} source-map-explorer ${s[f]}`); diffs++; }
  const keys = new Set([...Object.keys(k.files), ...Object.keys(s.files)]);
  for (const key of keys) {
    sources++;
    const a = k.files[key]?.size, b = s.files[key]?.size;
    if (a !== b) {
      if (diffs < 200) console.log(`${s.bundleName}: ${JSON.stringify(key)} kiln ${a} source-map-explorer ${b}`);
      diffs++;
    }
  }
  if (JSON.stringify(Object.keys(k.files)) !== JSON.stringify(Object.keys(s.files)) && diffs === 0)
    console.log(`${s.bundleName}: same sizes, different key order`);
}
for (const k of kiln)
  if (!sme.some((s) => s.bundleName === k.bundleName))
    console.log(`${k.bundleName}: only kiln has it (source-map-explorer failed on it, see its errors)`);
console.log(`${compared} bundles, ${sources} sources compared: ${diffs} differences (${skipped} skipped)`);
process.exit(diffs ? 1 : 0);
