#include "page/image_size.h"

#include <utility>

namespace kiln::page {

namespace {

uint32_t be16(std::string_view b, size_t at) { return (uint32_t(uint8_t(b[at])) << 8) | uint8_t(b[at + 1]); }
uint32_t le16(std::string_view b, size_t at) { return (uint32_t(uint8_t(b[at + 1])) << 8) | uint8_t(b[at]); }
uint32_t be32(std::string_view b, size_t at) { return (be16(b, at) << 16) | be16(b, at + 2); }
uint32_t le24(std::string_view b, size_t at) { return le16(b, at) | (uint32_t(uint8_t(b[at + 2])) << 16); }

// EXIF orientation from a JPEG APP1 segment's body ("Exif\0\0" + TIFF), 1 when absent.
uint32_t exif_orientation(std::string_view seg) {
  if (seg.size() < 14 || seg.substr(0, 6) != std::string_view("Exif\0\0", 6)) return 1;
  std::string_view t = seg.substr(6);
  bool little = t.substr(0, 2) == "II";
  auto u16 = [&](size_t at) { return little ? le16(t, at) : be16(t, at); };
  auto u32 = [&](size_t at) { return little ? (le16(t, at) | (le16(t, at + 2) << 16)) : be32(t, at); };
  size_t ifd = u32(4);
  if (ifd + 2 > t.size()) return 1;
  uint32_t count = u16(ifd);
  for (uint32_t e = 0; e < count; ++e) {
    size_t at = ifd + 2 + e * 12;
    if (at + 12 > t.size()) break;
    if (u16(at) == 0x0112) return u16(at + 8);
  }
  return 1;
}

std::optional<ImageSize> jpeg(std::string_view b) {
  uint32_t orientation = 1;
  size_t at = 2;
  while (at + 9 < b.size()) {
    if (uint8_t(b[at]) != 0xFF) return std::nullopt;
    uint8_t marker = uint8_t(b[at + 1]);
    if (marker == 0xFF) {
      ++at;
      continue;
    }
    uint32_t len = be16(b, at + 2);
    if (marker == 0xE1 && at + 4 + len - 2 <= b.size()) orientation = exif_orientation(b.substr(at + 4, len - 2));
    bool sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    if (sof) {
      ImageSize s{be16(b, at + 7), be16(b, at + 5)};
      if (orientation >= 5 && orientation <= 8) std::swap(s.width, s.height);
      return s;
    }
    at += 2 + len;
  }
  return std::nullopt;
}

}  // namespace

std::optional<ImageSize> image_size(std::string_view b) {
  if (b.size() >= 24 && b.substr(0, 8) == "\x89PNG\r\n\x1a\n") return ImageSize{be32(b, 16), be32(b, 20)};
  if (b.size() >= 10 && (b.substr(0, 6) == "GIF87a" || b.substr(0, 6) == "GIF89a")) return ImageSize{le16(b, 6), le16(b, 8)};
  if (b.size() >= 4 && uint8_t(b[0]) == 0xFF && uint8_t(b[1]) == 0xD8) return jpeg(b);
  if (b.size() >= 30 && b.substr(0, 4) == "RIFF" && b.substr(8, 4) == "WEBP") {
    std::string_view chunk = b.substr(12, 4);
    if (chunk == "VP8 ") return ImageSize{le16(b, 26) & 0x3FFF, le16(b, 28) & 0x3FFF};
    if (chunk == "VP8L") {
      uint32_t bits = le16(b, 21) | (le16(b, 23) << 16);
      return ImageSize{(bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1};
    }
    if (chunk == "VP8X") return ImageSize{le24(b, 24) + 1, le24(b, 27) + 1};
    return std::nullopt;
  }
  if (b.size() >= 12 && b.substr(4, 4) == "ftyp" && (b.substr(8, 4) == "avif" || b.substr(8, 4) == "avis")) {
    size_t at = b.find("ispe");
    if (at != std::string_view::npos && at + 16 <= b.size()) return ImageSize{be32(b, at + 8), be32(b, at + 12)};
  }
  return std::nullopt;
}

}  // namespace kiln::page
