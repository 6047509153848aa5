#include "pipeline/shard.h"

#include <algorithm>
#include <charconv>
#include <numeric>

#include "image/images.h"

namespace kiln::pipeline {

namespace {

uint32_t be16(std::string_view s, size_t at) { return (uint32_t(uint8_t(s[at])) << 8) | uint8_t(s[at + 1]); }
uint32_t be32(std::string_view s, size_t at) { return (be16(s, at) << 16) | be16(s, at + 2); }
uint32_t le16(std::string_view s, size_t at) { return (uint32_t(uint8_t(s[at + 1])) << 8) | uint8_t(s[at]); }
uint32_t le24(std::string_view s, size_t at) { return le16(s, at) | (uint32_t(uint8_t(s[at + 2])) << 16); }

uint64_t jpeg_pixels(std::string_view s) {
  size_t i = 2;
  while (i + 9 < s.size()) {
    if (uint8_t(s[i]) != 0xFF) return 0;
    uint8_t marker = uint8_t(s[i + 1]);
    if (marker == 0xFF) {  // fill byte
      ++i;
      continue;
    }
    // SOF0..SOF15, except DHT (C4), JPG (C8) and DAC (CC): height, then width.
    if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC)
      return uint64_t(be16(s, i + 5)) * be16(s, i + 7);
    i += 2 + be16(s, i + 2);
  }
  return 0;
}

}  // namespace

Result<Shard> parse_shard(std::string_view text) {
  auto bad = Error{"--shard: expected I/N with 1 <= I <= N (e.g. 1/4), got '" + std::string(text) + "'"};
  size_t slash = text.find('/');
  if (slash == std::string_view::npos) return bad;
  unsigned i = 0, n = 0;
  auto a = std::from_chars(text.data(), text.data() + slash, i);
  auto b = std::from_chars(text.data() + slash + 1, text.data() + text.size(), n);
  if (a.ec != std::errc() || a.ptr != text.data() + slash || b.ec != std::errc() ||
      b.ptr != text.data() + text.size() || i < 1 || n < 1 || i > n || n > 1024)
    return bad;
  return Shard{i - 1, n};
}

uint64_t image_pixels(std::string_view s) {
  if (s.size() >= 24 && s.substr(0, 8) == "\x89PNG\r\n\x1a\n") return uint64_t(be32(s, 16)) * be32(s, 20);
  if (s.size() >= 10 && (s.substr(0, 6) == "GIF87a" || s.substr(0, 6) == "GIF89a"))
    return uint64_t(le16(s, 6)) * le16(s, 8);
  if (s.size() >= 4 && uint8_t(s[0]) == 0xFF && uint8_t(s[1]) == 0xD8) return jpeg_pixels(s);
  if (s.size() >= 30 && s.substr(0, 4) == "RIFF" && s.substr(8, 4) == "WEBP") {
    auto chunk = s.substr(12, 4);
    if (chunk == "VP8X") return uint64_t(le24(s, 24) + 1) * (le24(s, 27) + 1);
    if (chunk == "VP8 ") return uint64_t(le16(s, 26) & 0x3FFF) * (le16(s, 28) & 0x3FFF);
    if (chunk == "VP8L") {
      uint32_t bits = le16(s, 21) | (le16(s, 23) << 16);
      return uint64_t((bits & 0x3FFF) + 1) * (((bits >> 14) & 0x3FFF) + 1);
    }
  }
  return 0;
}

ShardWork estimate_work(fs::Disk& disk, const std::string& root, const scan::FileEntry& file, bool images,
                        size_t variants) {
  ShardWork w{file.path, file.size + 1};
  if (!images || !image::is_convertible(file.path)) return w;
  // An image and the variants a previous run left beside it (hero.png, hero.webp,
  // hero-640w.webp) stay on one shard: the images phase tells sources from outputs by stem.
  size_t slash = file.path.rfind('/');
  size_t dot = file.path.rfind('.');
  w.group = dot == std::string::npos || (slash != std::string::npos && dot < slash) ? file.path : file.path.substr(0, dot);
  if (auto bytes = disk.read_file(fs::join_path(root, file.path))) {
    uint64_t pixels = image_pixels(*bytes);
    if (pixels) w.weight = pixels * (1 + variants) / 12 + 1;
  }
  return w;
}

std::vector<unsigned> assign_shards(const std::vector<ShardWork>& work, unsigned count) {
  // Sum the weight per group, then place the heaviest groups first (ties by name, so the
  // answer does not depend on the order given) on the shard with the least so far.
  std::vector<size_t> order(work.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return work[a].group < work[b].group; });
  struct Group {
    std::string_view name;
    uint64_t weight = 0;
    std::vector<size_t> members;
  };
  std::vector<Group> groups;
  for (size_t i : order) {
    if (groups.empty() || groups.back().name != work[i].group) groups.push_back({work[i].group, 0, {}});
    groups.back().weight += work[i].weight;
    groups.back().members.push_back(i);
  }
  std::stable_sort(groups.begin(), groups.end(), [](const Group& a, const Group& b) { return a.weight > b.weight; });
  std::vector<uint64_t> load(count, 0);
  std::vector<unsigned> shard(work.size(), 0);
  for (const auto& g : groups) {
    auto least = unsigned(std::min_element(load.begin(), load.end()) - load.begin());
    load[least] += g.weight;
    for (size_t i : g.members) shard[i] = least;
  }
  return shard;
}

}  // namespace kiln::pipeline

namespace kiln::pipeline {

std::vector<std::string> shard_paths(fs::Disk& disk, const std::string& root, const std::vector<scan::FileEntry>& files,
                                     bool images, size_t variants, Shard shard) {
  std::vector<ShardWork> work;
  work.reserve(files.size());
  for (const auto& f : files) work.push_back(estimate_work(disk, root, f, images, variants));
  auto owner = assign_shards(work, shard.count);
  std::vector<std::string> mine;
  for (size_t i = 0; i < files.size(); ++i)
    if (owner[i] == shard.index) mine.push_back(files[i].path);
  return mine;  // sorted, as the scan is
}

}  // namespace kiln::pipeline
