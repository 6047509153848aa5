#include "compress/encoded_cache.h"

#include "core/digest.h"

namespace kiln::compress {

namespace {
constexpr std::string_view kNamespace = "compress";
}

std::string EncodedCache::key(Encoding e, const std::string& content_key) const {
  return KeyHasher().add(content_key).add(settings_.describe(e)).add(KILN_VERSION).hex();
}

Encoded EncodedCache::get(Encoding e, std::string_view content, const std::string& content_key,
                          const std::string* existing) {
  std::string k = key(e, content_key);
  if (!force_) {
    if (auto cached = cache_.get(kNamespace, k)) return {std::move(*cached), true};
    if (existing) {
      auto decoded = decode(e, *existing);
      // Not cached under this key: it may have been made with other settings, and the cache
      // must only hold what these settings produce.
      if (decoded && *decoded == content) return {*existing, true};
    }
  }
  Encoded out{encode(e, content, settings_), false};
  if (store_) cache_.put(kNamespace, k, out.bytes);
  return out;
}

uint64_t EncodedCache::size(Encoding e, std::string_view content, const std::string& content_key,
                            const std::string* existing, bool* from_cache) {
  Encoded enc = get(e, content, content_key, existing);
  if (from_cache) *from_cache = enc.from_cache;
  return enc.bytes.size();
}

}  // namespace kiln::compress
