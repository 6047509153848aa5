#include "core/digest.h"

#include <openssl/evp.h>
#include <xxhash.h>

#include <cstdint>
#include <cstdio>

namespace kiln {

namespace {

std::string to_hex(const unsigned char* bytes, size_t n) {
  static const char* digits = "0123456789abcdef";
  std::string out(n * 2, '0');
  for (size_t i = 0; i < n; ++i) {
    out[2 * i] = digits[bytes[i] >> 4];
    out[2 * i + 1] = digits[bytes[i] & 15];
  }
  return out;
}

std::string evp_digest(const EVP_MD* md, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), out, &len, md, nullptr);
  return std::string(reinterpret_cast<char*>(out), len);
}

std::string canonical_hex(XXH128_hash_t h) {
  XXH128_canonical_t c;
  XXH128_canonicalFromHash(&c, h);
  return to_hex(c.digest, sizeof c.digest);
}

}  // namespace

std::string xxh128_hex(std::string_view data) {
  return canonical_hex(XXH3_128bits(data.data(), data.size()));
}

std::string md5_hex(std::string_view data) {
  auto d = evp_digest(EVP_md5(), data);
  return to_hex(reinterpret_cast<const unsigned char*>(d.data()), d.size());
}

std::string sha256_hex(std::string_view data) {
  auto d = evp_digest(EVP_sha256(), data);
  return to_hex(reinterpret_cast<const unsigned char*>(d.data()), d.size());
}

std::string base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(bytes.data()),
                          static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

std::string sri_sha384(std::string_view data) {
  return "sha384-" + base64(evp_digest(EVP_sha384(), data));
}

KeyHasher::KeyHasher() : state_(XXH3_createState()) {
  XXH3_128bits_reset(static_cast<XXH3_state_t*>(state_));
}

KeyHasher::~KeyHasher() { XXH3_freeState(static_cast<XXH3_state_t*>(state_)); }

KeyHasher& KeyHasher::add(std::string_view part) {
  auto* st = static_cast<XXH3_state_t*>(state_);
  uint64_t len = part.size();
  XXH3_128bits_update(st, &len, sizeof len);
  XXH3_128bits_update(st, part.data(), part.size());
  return *this;
}

std::string KeyHasher::hex() {
  return canonical_hex(XXH3_128bits_digest(static_cast<XXH3_state_t*>(state_)));
}

}  // namespace kiln
