// What `kiln compress` tells people (a text summary) and machines (JSON).
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <ostream>

#include "compress/compressor.h"
#include "core/diagnostics.h"

namespace kiln::report {

struct CompressTotals {
  uint64_t selected = 0, compressed = 0, below_threshold = 0, not_smaller = 0, failed = 0;
  uint64_t written = 0, up_to_date = 0, from_cache = 0, stale_removed = 0;
  struct PerEncoding {
    uint64_t files = 0, bytes_in = 0, bytes_out = 0, written = 0, up_to_date = 0;
  };
  std::array<PerEncoding, 3> enc;
};

CompressTotals total_up(const compress::CompressResult& r);

void print_compress_text(std::ostream& out, const compress::CompressResult& r,
                         const compress::CompressOptions& options, size_t largest = 10);
nlohmann::json compress_json(const compress::CompressResult& r,
                             const compress::CompressOptions& options, const Diagnostics& diags);

}  // namespace kiln::report
