// A content-addressed store on disk: key (hex) -> bytes. Shared by the phases that produce
// bytes worth keeping between runs (compressed sidecars now; image variants and parse
// results later). Entries are published atomically and carry a checksum of their payload,
// so two builds may share one cache and a damaged entry is a miss, never wrong output.
// With a remote tier attached (set_remote), a local miss asks the remote before the phase
// computes, a remote hit is kept locally, and every new entry goes to both.
#pragma once

#include <atomic>
#include <optional>
#include <string>
#include <string_view>

#include "fs/disk.h"

namespace kiln::cache {

class RemoteCache;

class ContentCache {
 public:
  // An empty `dir` gives a cache that stores nothing (--no-cache).
  ContentCache(fs::Disk& disk, std::string dir);

  bool enabled() const { return !dir_.empty(); }
  // Not owned; nullptr detaches. Ignored by a disabled (--no-cache) cache.
  void set_remote(RemoteCache* remote) { remote_ = remote; }
  std::optional<std::string> get(std::string_view ns, const std::string& key);
  void put(std::string_view ns, const std::string& key, std::string_view bytes);

  // Removes the least recently used entries until the cache holds at most `max_bytes`.
  // Entries are touched on every hit, so recency is their modification time.
  void prune(uint64_t max_bytes);

  uint64_t hits() const { return hits_; }
  uint64_t misses() const { return misses_; }

 private:
  std::string entry_path(std::string_view ns, const std::string& key) const;
  void put_local(std::string_view ns, const std::string& key, std::string_view bytes);

  fs::Disk& disk_;
  std::string dir_;
  RemoteCache* remote_ = nullptr;
  std::atomic<uint64_t> hits_{0}, misses_{0};
};

}  // namespace kiln::cache
