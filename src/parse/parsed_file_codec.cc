#include "parse/parsed_file_codec.h"

#include <cstring>

namespace kiln::parse {

namespace {

constexpr std::string_view kMagic = "kiln-parsed-6";  // 5: asset_name references; 6: candidate groups

void put_varint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out += static_cast<char>((v & 0x7f) | 0x80);
    v >>= 7;
  }
  out += static_cast<char>(v);
}

void put_string(std::string& out, const std::string& s) {
  put_varint(out, s.size());
  out += s;
}

struct Reader {
  std::string_view in;
  size_t at = 0;
  bool ok = true;

  uint64_t varint() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (at >= in.size()) return ok = false, 0;
      auto byte = static_cast<uint8_t>(in[at++]);
      v |= uint64_t(byte & 0x7f) << shift;
      if (!(byte & 0x80)) return v;
    }
    ok = false;
    return 0;
  }
  uint32_t u32() { return static_cast<uint32_t>(varint()); }
  std::string string() {
    uint64_t n = varint();
    if (!ok || n > in.size() - at) return ok = false, std::string();
    std::string s(in.substr(at, n));
    at += n;
    return s;
  }
};

void put_pairs(std::string& out, const std::vector<std::pair<std::string, std::string>>& pairs) {
  put_varint(out, pairs.size());
  for (const auto& [k, v] : pairs) put_string(out, k), put_string(out, v);
}

std::vector<std::pair<std::string, std::string>> read_pairs(Reader& rd) {
  std::vector<std::pair<std::string, std::string>> pairs;
  uint64_t n = rd.varint();
  for (uint64_t i = 0; i < n && rd.ok; ++i) {
    std::string k = rd.string();
    pairs.emplace_back(std::move(k), rd.string());
  }
  return pairs;
}

void put_runtime(std::string& out, const ChunkRuntime& rt) {
  put_varint(out, rt.namers.size());
  for (const auto& nm : rt.namers) {
    put_varint(out, nm.css ? 1 : 0);
    put_pairs(out, nm.fixed);
    put_varint(out, nm.parts.size());
    for (const auto& part : nm.parts) {
      put_varint(out, static_cast<uint64_t>(part.kind) | static_cast<uint64_t>(part.fallback) << 2);
      put_string(out, part.text);
      put_pairs(out, part.map);
    }
  }
  put_varint(out, rt.public_path ? 1 : 0);
  if (rt.public_path) put_string(out, *rt.public_path);
  put_string(out, rt.problem);
  put_varint(out, rt.line);
  put_varint(out, rt.column);
}

ChunkRuntime read_runtime(Reader& rd) {
  ChunkRuntime rt;
  uint64_t namers = rd.varint();
  for (uint64_t i = 0; i < namers && rd.ok; ++i) {
    ChunkNamer nm;
    nm.css = rd.varint() == 1;
    nm.fixed = read_pairs(rd);
    uint64_t parts = rd.varint();
    for (uint64_t k = 0; k < parts && rd.ok; ++k) {
      ChunkNamePart part;
      uint64_t bits = rd.varint();
      part.kind = static_cast<ChunkNamePart::Kind>(bits & 3);
      part.fallback = static_cast<ChunkNamePart::Fallback>((bits >> 2) & 3);
      part.text = rd.string();
      part.map = read_pairs(rd);
      nm.parts.push_back(std::move(part));
    }
    rt.namers.push_back(std::move(nm));
  }
  if (rd.varint() == 1) rt.public_path = rd.string();
  rt.problem = rd.string();
  rt.line = rd.u32();
  rt.column = rd.u32();
  return rt;
}

}  // namespace

std::string encode_parsed(const ParsedFile& f) {
  std::string out(kMagic);
  out += static_cast<char>((f.is_module ? 1 : 0) | (f.had_syntax_errors ? 2 : 0) | (f.first_error ? 4 : 0));
  put_varint(out, f.recovered_refs);
  if (f.first_error) {
    put_varint(out, f.first_error->line);
    put_varint(out, f.first_error->column);
    put_string(out, f.first_error->message);
  }
  put_varint(out, f.refs.size());
  for (const auto& r : f.refs) {
    put_varint(out, static_cast<uint64_t>(r.kind));
    put_string(out, r.specifier);
    unsigned bits = (r.known ? 1 : 0) | (r.is_module ? 2 : 0) | (r.nomodule ? 4 : 0) | (r.async ? 8 : 0) |
                    (r.defer ? 16 : 0) | (r.lazy ? 32 : 0) | (r.type_only ? 64 : 0) | (r.decoded ? 128 : 0) |
                    (r.recovered ? 256 : 0);
    put_varint(out, bits);
    for (uint32_t v : {r.begin, r.end, r.line, r.column, r.descriptor_w, r.group, r.option}) put_varint(out, v);
    uint32_t x;
    std::memcpy(&x, &r.descriptor_x, sizeof x);
    put_varint(out, x);
    for (const auto* s : {&r.rel, &r.as, &r.media, &r.tag, &r.attr, &r.key, &r.type, &r.sizes}) put_string(out, *s);
  }
  put_string(out, f.chunk_global);
  put_varint(out, f.chunk_runtime ? 1 : 0);
  if (f.chunk_runtime) put_runtime(out, *f.chunk_runtime);
  return out;
}

std::optional<ParsedFile> decode_parsed(std::string_view bytes) {
  if (bytes.substr(0, kMagic.size()) != kMagic || bytes.size() <= kMagic.size()) return std::nullopt;
  Reader rd{bytes, kMagic.size()};
  ParsedFile f;
  auto flags = static_cast<uint8_t>(bytes[rd.at++]);
  f.is_module = flags & 1;
  f.had_syntax_errors = flags & 2;
  f.recovered_refs = rd.u32();
  if (flags & 4) {
    ParseIssue issue;
    issue.line = rd.u32();
    issue.column = rd.u32();
    issue.message = rd.string();
    f.first_error = issue;
  }
  uint64_t n = rd.varint();
  if (!rd.ok || n > bytes.size()) return std::nullopt;
  f.refs.resize(n);
  for (auto& r : f.refs) {
    uint64_t kind = rd.varint();
    if (kind > static_cast<uint64_t>(RefKind::asset_name)) return std::nullopt;
    r.kind = static_cast<RefKind>(kind);
    r.specifier = rd.string();
    uint64_t bits = rd.varint();
    r.known = bits & 1, r.is_module = bits & 2, r.nomodule = bits & 4, r.async = bits & 8, r.defer = bits & 16;
    r.lazy = bits & 32, r.type_only = bits & 64, r.decoded = bits & 128, r.recovered = bits & 256;
    r.begin = rd.u32(), r.end = rd.u32(), r.line = rd.u32(), r.column = rd.u32(), r.descriptor_w = rd.u32();
    r.group = rd.u32(), r.option = rd.u32();
    uint32_t x = rd.u32();
    std::memcpy(&r.descriptor_x, &x, sizeof x);
    for (auto* s : {&r.rel, &r.as, &r.media, &r.tag, &r.attr, &r.key, &r.type, &r.sizes}) *s = rd.string();
    if (!rd.ok) return std::nullopt;
  }
  f.chunk_global = rd.string();
  if (rd.varint() == 1) f.chunk_runtime = read_runtime(rd);
  if (!rd.ok || rd.at != bytes.size()) return std::nullopt;
  return f;
}

}  // namespace kiln::parse
