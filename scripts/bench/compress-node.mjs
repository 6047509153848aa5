// The incumbent, as compression-webpack-plugin runs it: node's zlib, two plugin instances
// (brotliCompress at quality 11, gzip at level 9), every file at once (the plugin starts all
// compressions together and awaits them), threshold 1024 and minRatio 0.8 as kiln's defaults,
// writing `.br`/`.gz` beside each file. Prints one JSON line with the bytes written.
// Usage: node compress-node.mjs DIR...
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join, extname } from "node:path";
import { promisify } from "node:util";
import zlib from "node:zlib";

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);
const types = new Set(("js mjs cjs css html htm xhtml svg json jsonld xml rss atom txt md csv tsv " +
  "wasm webmanifest ico bmp ttf otf eot ics vtt glsl wgsl yaml yml").split(" "));

async function* walk(dir) {
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else if (e.isFile()) yield p;
  }
}

const files = [];
for (const root of process.argv.slice(2))
  for await (const p of walk(root))
    if (types.has(extname(p).slice(1).toLowerCase())) files.push(p);

let bytesIn = 0, brOut = 0, gzOut = 0, brFiles = 0, gzFiles = 0;
await Promise.all(files.map(async (p) => {
  const input = await readFile(p);
  if (input.length < 1024) return;
  bytesIn += input.length;
  const [br, gz] = await Promise.all([
    brotli(input, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }),
    gzip(input, { level: 9 }),
  ]);
  if (br.length / input.length <= 0.8) { await writeFile(p + ".br", br); brOut += br.length; brFiles++; }
  if (gz.length / input.length <= 0.8) { await writeFile(p + ".gz", gz); gzOut += gz.length; gzFiles++; }
}));
console.log(JSON.stringify({ files: files.length, bytesIn, brOut, gzOut, brFiles, gzFiles }));
