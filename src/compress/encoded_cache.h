// One place that turns (content, encoding, settings) into encoded bytes: from the content
// cache when these bytes were encoded with these settings before, else by encoding them
// (and caching the result). `kiln compress` writes what it returns as sidecars, `kiln analyze`
// reports its sizes, so the two can never disagree and a second report costs almost nothing.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "cache/content_cache.h"
#include "compress/codec.h"

namespace kiln::compress {

struct Encoded {
  std::string bytes;
  bool from_cache = false;
};

class EncodedCache {
 public:
  EncodedCache(cache::ContentCache& cache, const CodecSettings& settings, bool force, bool store)
      : cache_(cache), settings_(settings), force_(force), store_(store) {}

  // `content_key` is xxh128_hex(content), computed once per file by the caller.
  // Throws std::runtime_error when an encoder fails.
  // `existing`, when given, is a sidecar already on disk: on a cache miss it is used (and
  // cached) if it decodes to `content` (these are the bytes a server will send).
  Encoded get(Encoding e, std::string_view content, const std::string& content_key,
              const std::string* existing = nullptr);
  // Only the size, without keeping the bytes around longer than needed.
  uint64_t size(Encoding e, std::string_view content, const std::string& content_key,
                const std::string* existing = nullptr, bool* from_cache = nullptr);

  const CodecSettings& settings() const { return settings_; }

 private:
  std::string key(Encoding e, const std::string& content_key) const;

  cache::ContentCache& cache_;
  CodecSettings settings_;
  bool force_, store_;
};

}  // namespace kiln::compress
