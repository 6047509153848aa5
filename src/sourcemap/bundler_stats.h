// What a bundler says it put in each output file, read from the files builds leave behind:
// webpack's `stats.json` (streamed: real ones reach gigabytes) and esbuild's metafile. Used
// for files without a source map, for "why is this package here" import chains, and to
// cross-check the maps. Plain data: module paths normalised as source map sources are.
#pragma once

#include <cstdint>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace kiln::sourcemap {

enum class StatsKind { webpack, esbuild };
const char* stats_kind_name(StatsKind k);  // "webpack-stats", "esbuild-metafile"

struct StatsModule {
  std::string path;  // normalize_source(name): "src/x.js", "node_modules/lodash/get.js", …
  std::string package, version;
  bool runtime = false;
  std::vector<uint32_t> importers;  // modules that import this one (sorted, unique)
};

struct StatsOutput {
  std::string file;  // as the bundler names it: webpack relative to output.path, esbuild to its cwd
  // (module, bytes): esbuild's bytesInOutput (exact); webpack's module `size`, the source
  // before minification (only a weight).
  std::vector<std::pair<uint32_t, uint64_t>> modules;
};

struct BundlerStats {
  StatsKind kind = StatsKind::webpack;
  std::string path;  // the stats file, as given or relative to DIR
  std::vector<StatsModule> modules;
  std::vector<StatsOutput> outputs;  // sorted by file
  bool exact() const { return kind == StatsKind::esbuild; }
};

// webpack `stats.json` (`webpack --json`, `stats.toJson()`): `modules[]` (name, size, chunks,
// reasons[].moduleName, nested `modules[]` of concatenated modules), or `chunks[].modules[]`
// when there is no top-level list, and `chunks[]` (id, files). Child compilations' outputs
// are included. Streamed through a SAX reader: memory follows the number of modules, not
// the size of the file.
Result<BundlerStats> read_webpack_stats(std::istream& in);

// esbuild metafile: `inputs{path: {imports[].path}}`, `outputs{file: {inputs{path:
// {bytesInOutput}}}}`.
Result<BundlerStats> read_esbuild_metafile(std::string_view text);

// Reads FILE as whichever of the two it is (decided by its first bytes: esbuild's metafile
// begins with "inputs"; anything else is read as webpack stats).
Result<BundlerStats> read_stats_file(const std::string& file);

// Is `name` (a file name, no folder) one kiln looks at for bundler stats in DIR:
// stats.json, *-stats.json, *.stats.json, meta.json, metafile.json, *.meta.json, *-meta.json.
bool is_stats_file_name(std::string_view name);

// The shortest import chain that brings `package` in, from the first app module (not in a
// package, not bundler runtime) to the package's first module; empty when none is known.
// Among the chains of that length, one from a module `prefer` marks (by module number: the
// modules of the page's initial load) wins.
std::vector<std::string> import_chain(const BundlerStats& stats, std::string_view package,
                                      const std::vector<char>& prefer = {});

}  // namespace kiln::sourcemap
