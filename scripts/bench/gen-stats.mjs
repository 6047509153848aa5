// Writes a webpack stats.json of about SIZE megabytes to FILE, shaped like the big ones
// real builds leave (`webpack --json` with sources and reasons): a few chunks, then module
// after module with its `source`, reasons and, every 25th, concatenated inner modules.
// Module k of chunk c is in output file `c.js`; chunk 0 is the page's `main.js`.
//   node scripts/bench/gen-stats.mjs FILE SIZE_MB
import fs from 'node:fs';

const [file, sizeArg] = process.argv.slice(2);
const target = Number(sizeArg || 2048) * 1024 * 1024;
const fd = fs.openSync(file, 'w');
let written = 0, pending = [];
const flush = () => {
  const buf = Buffer.from(pending.join(''));
  fs.writeSync(fd, buf);
  written += buf.length;
  pending = [];
};
const put = (s) => {
  pending.push(s);
  if (pending.length >= 256) flush();
};

const CHUNKS = 40, PACKAGES = 600, APP = 400;
// ~16 KB of minified-looking source with quotes and newlines to escape.
const line = 'function f(a,b){return a.map(function(x){return "k"+x+b})}var t={"a":1,"b":[2,3]};\n';
const source = JSON.stringify(line.repeat(Math.ceil(16384 / line.length)));
const chunks = [];
for (let c = 0; c < CHUNKS; c++)
  chunks.push(JSON.stringify({ id: c, names: c ? [] : ['main'], files: [c ? `${c}.js` : 'main.js'], initial: c === 0, entry: c === 0 }));
put(`{"version":"5.113.0","hash":"0123456789abcdef","outputPath":"/app/dist","chunks":[${chunks.join(',')}],"modules":[`);

const app = (k) => `./src/feature-${k % 40}/part-${k}.js`;
const pkg = (p) => (p % 7 === 0 ? `@scope-${p % 13}/pkg-${p}` : `pkg-${p}`);
const modulePath = (i) => `./node_modules/${pkg(i % PACKAGES)}/lib/mod-${i}.js`;
function module(i, inner) {
  const name = i < APP ? app(i) : modulePath(i);
  const reasons = [];
  const from = i < APP ? [(i * 7) % APP] : [i % APP, (i * 13) % APP, i - 1];
  for (const r of from)
    reasons.push(`{"moduleIdentifier":"/app/${(r < APP ? app(r) : modulePath(r)).slice(2)}","moduleName":"${r < APP ? app(r) : modulePath(r)}","type":"harmony import specifier","userRequest":"./x","loc":"1:0-40"}`);
  let s = `{"id":${i},"identifier":"/app/${name.slice(2)}","name":"${name}","size":${400 + (i % 900)},"chunks":[${i % CHUNKS}],"issuer":null,"reasons":[${reasons.join(',')}],"providedExports":["a","b","default"],"optimizationBailout":[],"depth":${i % 9},"source":${source}`;
  if (inner) {
    const parts = [];
    for (let j = 0; j < 4; j++)
      parts.push(`{"id":null,"name":"${modulePath(i * 10 + j + 1000000)}","size":${100 + j},"reasons":[{"moduleName":"${name}"}],"source":${source}}`);
    s += `,"modules":[${parts.join(',')}]`;
  }
  return s + '}';
}
let i = 0;
for (; written + pending.length * 17000 < target; i++) put((i ? ',' : '') + module(i, i >= APP && i % 25 === 0));
put(`],"children":[],"errors":[],"warnings":[]}\n`);
flush();
fs.closeSync(fd);
console.log(`${file}: ${(written / 1048576).toFixed(0)} MB, ${i} modules`);
