#include "cache/content_cache.h"

#include <sys/stat.h>
#include <utime.h>

#include <algorithm>
#include <filesystem>
#include <vector>

#include "cache/remote_cache.h"
#include "core/digest.h"

namespace kiln::cache {

namespace {
// Entry layout: magic, 32 hex digits of xxh3-128 of the payload, newline, payload.
constexpr std::string_view kMagic = "kiln-cache-1 ";
constexpr size_t kHeader = kMagic.size() + 32 + 1;
}  // namespace

ContentCache::ContentCache(fs::Disk& disk, std::string dir) : disk_(disk), dir_(std::move(dir)) {}

std::string ContentCache::entry_path(std::string_view ns, const std::string& key) const {
  return dir_ + "/" + std::string(ns) + "/" + key.substr(0, 2) + "/" + key;
}

std::optional<std::string> ContentCache::get(std::string_view ns, const std::string& key) {
  if (!enabled()) {
    ++misses_;
    return std::nullopt;
  }
  auto data = disk_.read_file(entry_path(ns, key));
  if (data && data->size() >= kHeader && std::string_view(*data).substr(0, kMagic.size()) == kMagic) {
    std::string_view payload = std::string_view(*data).substr(kHeader);
    if (std::string_view(*data).substr(kMagic.size(), 32) == xxh128_hex(payload)) {
      ++hits_;
      if (!dir_.empty()) utime(entry_path(ns, key).c_str(), nullptr);  // recency for prune()
      return std::string(payload);
    }
  }
  if (remote_) {
    if (auto bytes = remote_->get(ns, key)) {
      ++hits_;
      put_local(ns, key, *bytes);
      return bytes;
    }
  }
  ++misses_;
  return std::nullopt;
}

void ContentCache::put(std::string_view ns, const std::string& key, std::string_view bytes) {
  if (!enabled()) return;
  put_local(ns, key, bytes);
  if (remote_) remote_->put(ns, key, bytes);
}

void ContentCache::put_local(std::string_view ns, const std::string& key, std::string_view bytes) {
  std::string path = entry_path(ns, key);
  std::string entry;
  entry.reserve(kHeader + bytes.size());
  entry += kMagic;
  entry += xxh128_hex(bytes);
  entry += '\n';
  entry += bytes;
  if (disk_.make_dirs(path.substr(0, path.rfind('/')))) {
    // A cache that cannot be written only costs speed; the run goes on.
    (void)disk_.write_file(path, entry);
  }
}

void ContentCache::prune(uint64_t max_bytes) {
  if (!enabled()) return;
  namespace stdfs = std::filesystem;
  struct Entry {
    stdfs::path path;
    uint64_t size;
    stdfs::file_time_type time;
  };
  std::vector<Entry> entries;
  uint64_t total = 0;
  std::error_code ec;
  for (auto it = stdfs::recursive_directory_iterator(dir_, ec); !ec && it != stdfs::recursive_directory_iterator();
       it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    uint64_t size = it->file_size(ec);
    entries.push_back({it->path(), size, it->last_write_time(ec)});
    total += size;
  }
  if (total <= max_bytes) return;
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.time < b.time; });
  for (const auto& e : entries) {
    if (total <= max_bytes) break;
    if (stdfs::remove(e.path, ec)) total -= e.size;
  }
}

}  // namespace kiln::cache
