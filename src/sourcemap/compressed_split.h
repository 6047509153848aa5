// Compressed bytes per bucket that add up to the file's real compressed size.
//
// A compressed stream cannot be cut by source: a back-reference in one source's bytes points
// into another's. So each bucket's bytes (all its runs, in file order) are compressed alone,
// with fast settings (libdeflate level 6, brotli quality 5), and the file's real gzip/brotli
// size (the one the measure phase reports) is shared out in proportion to those sizes, with
// largest remainders so the shares add up exactly. Compressing alone overstates small
// buckets (no shared dictionary); the proportional share removes the overall excess, and
// README ("Bytes per source") gives how far the sum of the alone-sizes is from the real size.
// No bucket's share exceeds its raw bytes (a server would send those bytes uncompressed
// rather than larger): tiny buckets compress alone to more than they hold (a 16-byte runtime
// helper is ~20 bytes of gzip), so shares are capped at raw and the excess goes to the rest.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "sourcemap/attribution.h"

namespace kiln::sourcemap {

// Bucket indexes: 0 .. sources-1 for map sources, then these four.
struct BucketIndex {
  size_t sources = 0;
  size_t no_source() const { return sources; }
  size_t unmapped() const { return sources + 1; }
  size_t eol() const { return sources + 2; }
  size_t comment() const { return sources + 3; }
  size_t count() const { return sources + 4; }
};

// Every byte of `file` by bucket, as `attribute` assigned it.
std::vector<std::string> bucket_bytes(std::string_view file, const Attribution& a, const BucketIndex& ix);

struct CompressedSplit {
  std::vector<uint64_t> gzip, brotli;           // by bucket, adding up to the real totals
  uint64_t gzip_alone = 0, brotli_alone = 0;    // sum of the buckets compressed alone
};

CompressedSplit split_compressed(const std::vector<std::string>& buckets, uint64_t real_gzip, uint64_t real_brotli);

// `total` shared out in proportion to `weights` (largest remainder; ties to the lower index).
std::vector<uint64_t> proportional_shares(const std::vector<uint64_t>& weights, uint64_t total);
// The same with share[i] <= caps[i] (the excess of capped ones shared out among the others),
// when sum(caps) >= total; else plain proportional_shares.
std::vector<uint64_t> capped_shares(const std::vector<uint64_t>& weights, const std::vector<uint64_t>& caps,
                                    uint64_t total);

}  // namespace kiln::sourcemap
