// Writes a bundle-shaped JS file of about SIZE megabytes (deterministic: same arguments, same
// bytes): many small modules of functions, objects, arrays, template strings, comments, a
// dynamic import, a require and a new URL(…, import.meta.url) now and then, like a
// bundler's output. --one-line writes it minified-style, as one line.
//   node scripts/bench/gen-bigjs.mjs OUT.js SIZE_MB [--one-line]
import { createWriteStream } from "node:fs";

const [out, sizeArg, flag] = process.argv.slice(2);
if (!out || !sizeArg) {
  console.error("usage: gen-bigjs.mjs OUT.js SIZE_MB [--one-line]");
  process.exit(2);
}
const target = Math.round(Number(sizeArg) * 1024 * 1024);
const oneLine = flag === "--one-line";
const nl = oneLine ? "" : "\n";
const ind = oneLine ? "" : "  ";

let seed = 12345;
const rand = (n) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
const words = ["alpha", "beta", "gamma", "delta", "render", "update", "value", "state", "node", "child",
  "parent", "buffer", "index", "count", "result", "options", "config", "layout", "style", "event"];
const w = () => words[rand(words.length)];

function module(i) {
  const name = `${w()}_${i}`;
  let s = oneLine ? "" : `/* module ${i}: ${w()} ${w()} */${nl}`;
  s += `function ${name}(a,b,c){${nl}`;
  s += `${ind}var ${w()}=${rand(1000)},${w()}="${w()}-${w()}-${i}";${nl}`;
  s += `${ind}const o={${w()}:${rand(99)},"${w()}":[${rand(9)},${rand(9)},"${w()}"],f:function(x){return x*${rand(7)}+a}};${nl}`;
  s += `${ind}if(a>${rand(50)}&&b!==null){for(let k=0;k<c.length;k++){o.f(c[k]);}}else{b=\`${w()} \${a} ${w()}\`;}${nl}`;
  if (i % 97 === 0) s += `${ind}const lazy=()=>import("./chunk-${i % 3}.js");${nl}`;
  if (i % 89 === 0) s += `${ind}const dep=require("./dep-${i % 3}.js");${nl}`;
  if (i % 83 === 0) s += `${ind}const u=new URL("./asset-${i % 3}.png",import.meta.url);${nl}`;
  s += `${ind}return o.${"f"}(a)+(b||"")+String(${rand(1e6)});${nl}}${nl}`;
  s += `export { ${name} as e${i} };${nl}`;
  return s;
}

const stream = createWriteStream(out);
let written = 0, i = 0, chunk = "";
while (written < target) {
  const m = module(i++);
  chunk += m;
  written += m.length;
  if (chunk.length > 1 << 20) {
    stream.write(chunk);
    chunk = "";
  }
}
chunk += oneLine ? "\n" : "";
stream.write(chunk);
stream.end();
