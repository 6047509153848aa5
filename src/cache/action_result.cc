#include "cache/action_result.h"

namespace kiln::cache {

namespace {

enum WireType : uint32_t { kVarint = 0, kFixed64 = 1, kLengthDelimited = 2, kFixed32 = 5 };

void put_varint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out += char((v & 0x7f) | 0x80);
    v >>= 7;
  }
  out += char(v);
}

void put_bytes(std::string& out, uint32_t field, std::string_view bytes) {
  put_varint(out, (uint64_t(field) << 3) | kLengthDelimited);
  put_varint(out, bytes.size());
  out += bytes;
}

// A cursor over one message's fields.
struct Reader {
  std::string_view in;
  size_t pos = 0;

  bool varint(uint64_t& v) {
    v = 0;
    for (int shift = 0; shift < 64 && pos < in.size(); shift += 7) {
      auto b = uint8_t(in[pos++]);
      v |= uint64_t(b & 0x7f) << shift;
      if (!(b & 0x80)) return true;
    }
    return false;
  }
  // Reads the next field's tag; for a length-delimited field `bytes` is its payload, for a
  // varint `value` is its value; other wire types are skipped. False at the end or on damage.
  bool next(uint32_t& field, uint32_t& type, std::string_view& bytes, uint64_t& value, bool& ok) {
    ok = true;
    if (pos >= in.size()) return false;
    uint64_t tag;
    if (!varint(tag)) return ok = false;
    field = uint32_t(tag >> 3);
    type = uint32_t(tag & 7);
    switch (type) {
      case kVarint:
        if (!varint(value)) return ok = false;
        return true;
      case kFixed64:
        if (in.size() - pos < 8) return ok = false;
        pos += 8;
        return true;
      case kFixed32:
        if (in.size() - pos < 4) return ok = false;
        pos += 4;
        return true;
      case kLengthDelimited: {
        uint64_t n;
        if (!varint(n) || n > in.size() - pos) return ok = false;
        bytes = in.substr(pos, size_t(n));
        pos += size_t(n);
        return true;
      }
      default:
        return ok = false;
    }
  }
};

bool is_sha256_hex(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

}  // namespace

std::string encode_action_result(const std::vector<OutputDigest>& outputs) {
  std::string result;
  for (const auto& o : outputs) {
    std::string digest;
    put_bytes(digest, 1, o.sha256);
    put_varint(digest, (2u << 3) | kVarint);
    put_varint(digest, o.size);
    std::string file;
    put_bytes(file, 1, o.path);
    put_bytes(file, 2, digest);
    put_bytes(result, 2, file);
  }
  return result;
}

std::optional<std::vector<OutputDigest>> decode_action_result(std::string_view bytes) {
  std::vector<OutputDigest> outputs;
  Reader top{bytes};
  uint32_t field, type;
  std::string_view sub;
  uint64_t value;
  bool ok;
  while (top.next(field, type, sub, value, ok)) {
    if (field != 2 || type != kLengthDelimited) continue;
    OutputDigest o;
    bool has_digest = false;
    Reader file{sub};
    while (file.next(field, type, sub, value, ok)) {
      if (field == 1 && type == kLengthDelimited) o.path = std::string(sub);
      if (field != 2 || type != kLengthDelimited) continue;
      has_digest = true;
      Reader digest{sub};
      while (digest.next(field, type, sub, value, ok)) {
        if (field == 1 && type == kLengthDelimited) o.sha256 = std::string(sub);
        if (field == 2 && type == kVarint) o.size = value;
      }
      if (!ok) return std::nullopt;
    }
    if (!ok || !has_digest || !is_sha256_hex(o.sha256)) return std::nullopt;
    outputs.push_back(std::move(o));
  }
  if (!ok) return std::nullopt;
  return outputs;
}

}  // namespace kiln::cache
