// Split points for a dist without sources: per page of the built folder, which static import
// between its files (a chunk importing another), made lazy, takes how many bytes out of the
// page's initial load. The same dominator construction as split_points.cc, over the asset
// graph's initial-load references (modulepreload/preload links left out: a bundler drops them
// with the import they follow), with each file's measured raw/gzip/brotli bytes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "advice/split_points.h"
#include "analysis/analysis.h"

namespace kiln::advice {

struct ChunkCut {
  scan::FileId from = 0, to = 0;
  uint32_t line = 0, column = 0;  // of the import's specifier in `from`
  Bytes bytes;
  double share = 0;
  std::vector<std::string> files;  // what leaves, largest first
};

struct ChunkPage {
  std::string page;
  Bytes initial;
  uint32_t candidates = 0;
  std::vector<ChunkCut> cuts;
};

std::vector<ChunkPage> find_chunk_cuts(const pipeline::Analysis& dist, const SplitOptions& options);

// Text, markdown-free: "assets/index.js:1:20 import of assets/vendor.js → 120.0 kB raw / 38.1 kB br …"
void print_chunk_cuts(std::ostream& out, const std::vector<ChunkPage>& pages, const pipeline::Analysis& dist,
                      const SplitOptions& options);
std::string chunk_cuts_json(const std::vector<ChunkPage>& pages, const pipeline::Analysis& dist);

}  // namespace kiln::advice
