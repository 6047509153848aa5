#include "source/facts_codec.h"

namespace kiln::source {

namespace {

constexpr std::string_view kMagic = "kiln-facts-2";  // 2: shadowed namespace names are no uses

class Writer {
 public:
  std::string out{kMagic};
  void u(uint64_t v) {
    while (v >= 0x80) out += static_cast<char>((v & 0x7f) | 0x80), v >>= 7;
    out += static_cast<char>(v);
  }
  void s(const std::string& v) { u(v.size()), out += v; }
  void strings(const std::vector<std::string>& v) {
    u(v.size());
    for (auto& x : v) s(x);
  }
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool ok = true;
  uint64_t u() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (at_ >= in_.size()) return ok = false, 0;
      auto byte = static_cast<uint8_t>(in_[at_++]);
      v |= uint64_t(byte & 0x7f) << shift;
      if (!(byte & 0x80)) return v;
    }
    return ok = false, 0;
  }
  uint32_t u32() { return static_cast<uint32_t>(u()); }
  std::string s() {
    uint64_t n = u();
    if (!ok || n > in_.size() - at_) return ok = false, std::string();
    std::string v(in_.substr(at_, n));
    at_ += n;
    return v;
  }
  void strings(std::vector<std::string>& v) {
    uint64_t n = u();
    if (n > in_.size()) return void(ok = false);
    for (uint64_t i = 0; i < n && ok; ++i) v.push_back(s());
  }
  bool done() const { return at_ == in_.size(); }
  size_t at_ = 0;

 private:
  std::string_view in_;
};

}  // namespace

std::string encode_facts(const ModuleFacts& f) {
  Writer w;
  w.u((f.export_equals ? 1 : 0) | (f.commonjs ? 2 : 0) | (f.has_errors ? 4 : 0));
  w.u(f.error_line), w.u(f.error_column);
  w.u(f.imports.size());
  for (auto& r : f.imports) {
    w.u(static_cast<uint64_t>(r.kind));
    w.u((r.type_only ? 1 : 0) | (r.side_effect ? 2 : 0) | (r.star ? 4 : 0) | (r.is_namespace ? 8 : 0) | (r.whole ? 16 : 0));
    w.strings(r.names), w.strings(r.aliases);
    w.u(r.name_is_type.size());
    for (auto t : r.name_is_type) w.u(t);
    w.s(r.star_as);
    w.strings(r.members);
    w.s(r.specifier);
    w.u(r.line), w.u(r.column);
  }
  w.u(f.exports.size());
  for (auto& e : f.exports) {
    w.s(e.name);
    w.u(static_cast<uint64_t>(e.kind));
    w.u(e.type_only), w.u(e.line), w.u(e.column), w.u(e.begin), w.u(e.keyword_end);
  }
  w.u(f.dynamic.size());
  for (auto& d : f.dynamic) {
    w.u(static_cast<uint64_t>(d.kind));
    w.s(d.expression), w.u(d.line), w.u(d.column);
  }
  return std::move(w.out);
}

std::optional<ModuleFacts> decode_facts(std::string_view bytes) {
  if (bytes.substr(0, kMagic.size()) != kMagic) return std::nullopt;
  Reader r(bytes);
  r.at_ = kMagic.size();
  ModuleFacts f;
  auto flags = r.u();
  f.export_equals = flags & 1, f.commonjs = flags & 2, f.has_errors = flags & 4;
  f.error_line = r.u32(), f.error_column = r.u32();
  for (uint64_t n = r.u(), i = 0; i < n && r.ok; ++i) {
    auto& x = f.imports.emplace_back();
    x.kind = static_cast<ImportKind>(r.u());
    auto b = r.u();
    x.type_only = b & 1, x.side_effect = b & 2, x.star = b & 4, x.is_namespace = b & 8, x.whole = b & 16;
    r.strings(x.names), r.strings(x.aliases);
    for (uint64_t m = r.u(), j = 0; j < m && r.ok && j < bytes.size(); ++j) x.name_is_type.push_back(static_cast<uint8_t>(r.u()));
    x.star_as = r.s();
    r.strings(x.members);
    x.specifier = r.s();
    x.line = r.u32(), x.column = r.u32();
  }
  for (uint64_t n = r.u(), i = 0; i < n && r.ok; ++i) {
    auto& e = f.exports.emplace_back();
    e.name = r.s();
    e.kind = static_cast<ExportKind>(r.u());
    e.type_only = r.u(), e.line = r.u32(), e.column = r.u32(), e.begin = r.u32(), e.keyword_end = r.u32();
  }
  for (uint64_t n = r.u(), i = 0; i < n && r.ok; ++i) {
    auto& d = f.dynamic.emplace_back();
    d.kind = static_cast<ImportKind>(r.u());
    d.expression = r.s(), d.line = r.u32(), d.column = r.u32();
  }
  if (!r.ok || !r.done()) return std::nullopt;
  return f;
}

}  // namespace kiln::source
