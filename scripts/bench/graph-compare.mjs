// Findings of `kiln graph` against knip's JSON reporter and madge --circular --json, for
// scripts/bench/graph.sh. Prints, per kind, the counts and what one tool finds that the
// other does not (the first LIMIT of each; all of them go to OUT as JSON).
//   node graph-compare.mjs KILN_KNIP.json KILN.json KNIP.json MADGE.json MADGE_BASE OUT.json
// MADGE_BASE: the folder madge was given, relative to the project (its paths are relative
// to it). Keys: files by path; exports/types/unlisted/unresolved by file + name;
// dependencies by package.json + name (knip's `dependencies` and `devDependencies` both).
import fs from 'node:fs';
import path from 'node:path';

const [kilnKnipFile, kilnJsonFile, knipFile, madgeFile, madgeBase, outFile] = process.argv.slice(2);
const LIMIT = Number(process.env.LIMIT ?? 12);
const read = (f) => JSON.parse(fs.readFileSync(f, 'utf8'));

// knip 5 has a top-level `files` list; knip 6 has `files` items per issue row.
function keys(report) {
  const out = { files: new Set(), exports: new Set(), types: new Set(), dependencies: new Set(),
                unlisted: new Set(), unresolved: new Set(), duplicates: new Set() };
  for (const f of report.files ?? []) out.files.add(f);
  for (const row of report.issues ?? []) {
    const file = row.file;
    for (const i of Array.isArray(row.files) ? row.files : []) out.files.add(file);
    for (const kind of ['exports', 'types', 'unlisted', 'unresolved'])
      for (const i of row[kind] ?? []) out[kind].add(`${file}: ${i.name}`);
    for (const kind of ['dependencies', 'devDependencies', 'optionalPeerDependencies'])
      for (const i of row[kind] ?? []) out.dependencies.add(`${file}: ${i.name}`);
    for (const i of row.duplicates ?? []) out.duplicates.add(`${file}: ${(Array.isArray(i) ? i : [i]).map((d) => d.name).join(',')}`);
  }
  return out;
}

const kiln = keys(read(kilnKnipFile));
const knip = keys(read(knipFile));
const result = {};
const show = (title, a, b, nameA, nameB) => {
  const onlyA = [...a].filter((x) => !b.has(x)).sort();
  const onlyB = [...b].filter((x) => !a.has(x)).sort();
  const both = [...a].filter((x) => b.has(x)).length;
  result[title] = { [nameA]: a.size, [nameB]: b.size, both, [`only_${nameA}`]: onlyA, [`only_${nameB}`]: onlyB };
  console.log(`  ${title.padEnd(13)} ${nameA} ${String(a.size).padStart(4)}  ${nameB} ${String(b.size).padStart(4)}  both ${String(both).padStart(4)}  only ${nameA} ${String(onlyA.length).padStart(4)}  only ${nameB} ${String(onlyB.length).padStart(4)}`);
  for (const [n, list] of [[nameA, onlyA], [nameB, onlyB]])
    for (const x of list.slice(0, LIMIT)) console.log(`      only ${n}: ${x}`);
};
for (const kind of Object.keys(kiln)) show(kind, kiln[kind], knip[kind], 'kiln', 'knip');

// Cycles: madge lists elementary cycles it meets in a depth-first walk (type-only and
// dynamic imports included); kiln lists strongly connected components (runtime apart from
// type-only). Compared as the set of files that are on a cycle, and each madge cycle is
// checked to lie inside one kiln component.
const kilnJson = read(kilnJsonFile);
const madge = read(madgeFile).map((c) => c.map((f) => path.posix.join(madgeBase, f)));
const comps = kilnJson.cycles ?? [];
const kilnFiles = new Set(comps.flatMap((c) => c.files));
const madgeFiles = new Set(madge.flat());
show('cycle files', kilnFiles, madgeFiles, 'kiln', 'madge');
const uncovered = madge.filter((c) => !comps.some((k) => c.every((f) => k.files.includes(f))));
console.log(`  cycles        kiln ${comps.length} components (${comps.filter((c) => c.typeOnly).length} type-only), madge ${madge.length} cycles, madge cycles inside no kiln component: ${uncovered.length}`);
for (const c of uncovered.slice(0, LIMIT)) console.log(`      madge only: ${c.join(' -> ')}`);
result.cycles = { kiln_components: comps.length, madge_cycles: madge.length, madge_uncovered: uncovered };
fs.writeFileSync(outFile, JSON.stringify(result, null, 1) + '\n');
