// Bundler stats tied to the files of a built folder: which stats files `kiln analyze` reads
// (`--stats FILE`, else the files of DIR named like stats), and which output of each names
// which file of DIR. Plain data by FileId, handed to the reports beside the maps' results.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/diagnostics.h"
#include "scan/scanner.h"
#include "sourcemap/bundler_stats.h"

namespace kiln::sourcemap {

struct LinkedStats {
  BundlerStats stats;  // stats.path: as given, or relative to DIR when found there
  // (file, index into stats.outputs), sorted by file: the outputs that are files of DIR.
  std::vector<std::pair<scan::FileId, uint32_t>> files;
  std::vector<std::string> unmatched;  // outputs (not .map) naming no file of DIR, sorted
};

// The files of DIR kiln reads as bundler stats when none is given (is_stats_file_name),
// sorted: `stats.json`, `build/meta.json`, …
std::vector<std::string> stats_files_in(const std::vector<scan::FileEntry>& files);

// The file of DIR a stats output names: the output itself, else without its leading folders
// one at a time (esbuild names outputs from its working folder: "dist/assets/a.js" is
// "assets/a.js" of dist/). kNoFile when none.
inline constexpr scan::FileId kNoFile = static_cast<scan::FileId>(-1);
scan::FileId file_of_output(const std::vector<scan::FileEntry>& files, std::string_view output);

// Reads every stats file (`paths` as they are opened, `shown` as messages name them) and
// ties its outputs to the files of DIR. A file that cannot be read is an error naming it;
// the others are still read.
std::vector<LinkedStats> link_stats(const std::vector<std::string>& paths, const std::vector<std::string>& shown,
                                    const std::vector<scan::FileEntry>& files, Diagnostics& diags);

}  // namespace kiln::sourcemap
