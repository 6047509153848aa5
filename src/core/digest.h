// Content digests. xxh3-128 for cache keys (fast, not for security); OpenSSL for the
// digests that leave kiln: SHA-384 for SRI, MD5 for Workbox revisions, SHA-256 for names.
#pragma once

#include <string>
#include <string_view>

namespace kiln {

std::string xxh128_hex(std::string_view data);
std::string md5_hex(std::string_view data);
std::string sha256_hex(std::string_view data);
// "sha384-<base64>", the Subresource Integrity form.
std::string sri_sha384(std::string_view data);
std::string base64(std::string_view bytes);

// Incremental xxh3-128 for building keys out of several parts.
class KeyHasher {
 public:
  KeyHasher();
  ~KeyHasher();
  KeyHasher(const KeyHasher&) = delete;
  KeyHasher& operator=(const KeyHasher&) = delete;
  KeyHasher& add(std::string_view part);  // length-prefixed, so parts cannot run together
  std::string hex();

 private:
  void* state_;
};

}  // namespace kiln
