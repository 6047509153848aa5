#include "image/webp_container.h"

#include <cstdint>
#include <string_view>
#include <vector>

namespace kiln::image {

namespace {

uint32_t le32(std::string_view s, size_t at) {
  return uint32_t(uint8_t(s[at])) | uint32_t(uint8_t(s[at + 1])) << 8 |
         uint32_t(uint8_t(s[at + 2])) << 16 | uint32_t(uint8_t(s[at + 3])) << 24;
}

void put_le32(std::string& s, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) s[at + size_t(i)] = char((v >> (8 * i)) & 0xff);
}

struct Chunk {
  std::string_view fourcc;
  std::string_view whole;  // header, payload and padding
};

constexpr uint8_t kFlagIcc = 0x20, kFlagAlpha = 0x10, kFlagExif = 0x08, kFlagXmp = 0x04,
                  kFlagAnimation = 0x02;

}  // namespace

std::string strip_webp_metadata(const std::string& webp) {
  std::string_view in = webp;
  if (in.size() < 12 || in.substr(0, 4) != "RIFF" || in.substr(8, 4) != "WEBP") return webp;
  std::vector<Chunk> chunks;
  size_t at = 12;
  while (at + 8 <= in.size()) {
    uint32_t size = le32(in, at + 4);
    size_t whole = 8 + size_t(size) + (size & 1);
    if (at + whole > in.size()) return webp;
    chunks.push_back({in.substr(at, 4), in.substr(at, whole)});
    at += whole;
  }
  if (at != in.size() || chunks.empty() || chunks[0].fourcc != "VP8X") return webp;

  std::string vp8x(chunks[0].whole);
  if (vp8x.size() < 18) return webp;
  auto flags = uint8_t(vp8x[8]);
  flags = uint8_t(flags & ~(kFlagExif | kFlagXmp));
  vp8x[8] = char(flags);

  std::string body;
  size_t image_chunks = 0;
  for (size_t i = 1; i < chunks.size(); ++i) {
    if (chunks[i].fourcc == "EXIF" || chunks[i].fourcc == "XMP ") continue;
    if (chunks[i].fourcc == "VP8 " || chunks[i].fourcc == "VP8L") ++image_chunks;
    body += chunks[i].whole;
  }
  // Simple format: one VP8/VP8L chunk and nothing that needs VP8X.
  bool simple = (flags & (kFlagIcc | kFlagAlpha | kFlagAnimation)) == 0 && image_chunks == 1 &&
                chunks.size() >= 2;
  std::string out = "RIFF0000WEBP";
  if (!simple) out += vp8x;
  out += body;
  put_le32(out, 4, uint32_t(out.size() - 8));
  return out;
}

}  // namespace kiln::image
