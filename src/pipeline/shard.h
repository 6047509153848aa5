// `kiln build --shard I/N`: which files' per-file work (image variants, precompression) this
// job of a CI matrix does, so N jobs with one shared remote cache fill it in 1/N of the time
// and a final unsharded build finds everything there. The split is a pure function of the
// input folder (paths, sizes, image dimensions), so every job computes the same one without
// talking to the others, and it balances the work: longest first onto the least loaded shard.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "fs/disk.h"
#include "scan/scanner.h"

namespace kiln::pipeline {

struct Shard {
  unsigned index = 0;  // 0-based here; 1-based on the command line (--shard 1/2, 2/2)
  unsigned count = 1;
  bool active() const { return count > 1; }
};

// "I/N" with 1 <= I <= N.
Result<Shard> parse_shard(std::string_view text);

struct ShardWork {
  std::string group;  // files that must stay together (an image and its variants share a stem)
  uint64_t weight = 0;
};

// The estimated work of one input file: bytes for text (compression dominates), pixels for a
// raster image (conversion dominates; measured about 80 ns per pixel for WebP against about
// 1 us per byte for brotli 11, so a pixel weighs 1/12 of a byte... times the variants).
ShardWork estimate_work(fs::Disk& disk, const std::string& root, const scan::FileEntry& file,
                        bool images, size_t variants);

// The shard (0-based) of each group, in the order given; the same groups in any order give
// the same answer.
std::vector<unsigned> assign_shards(const std::vector<ShardWork>& work, unsigned count);

// Width x height from a PNG, JPEG, GIF or WebP header (0 when unknown). Reads the head only.
uint64_t image_pixels(std::string_view head);

}  // namespace kiln::pipeline

namespace kiln::pipeline {

// The input paths whose per-file work is `shard`'s: every job of the matrix computes the same
// split from the same folder.
std::vector<std::string> shard_paths(fs::Disk& disk, const std::string& root, const std::vector<scan::FileEntry>& files,
                                     bool images, size_t variants, Shard shard);

}  // namespace kiln::pipeline
