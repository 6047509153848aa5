// The workbox-build step of scripts/bench/build.sh: getManifest() on a built folder with the
// given glob patterns (workbox's defaults otherwise: 2 MiB maximumFileSizeToCacheInBytes, MD5
// revisions), written as JSON into the folder, as a build script would before handing it to a
// service worker. Prints one JSON line: entries, bytes, warnings.
//   node workbox-manifest.mjs DIR OUTPUT GLOB...
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { getManifest } from 'workbox-build';

const [dir, output, ...globPatterns] = process.argv.slice(2);
const { manifestEntries, count, size, warnings } = await getManifest({ globDirectory: dir, globPatterns });
await writeFile(join(dir, output), JSON.stringify(manifestEntries, null, 2));
console.log(JSON.stringify({ entries: count, bytes: size, warnings }));
