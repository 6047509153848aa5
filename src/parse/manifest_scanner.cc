#include "parse/manifest_scanner.h"

#include <cctype>
#include <string>
#include <vector>

#include "parse/text_decode.h"

namespace kiln::parse {

namespace {

class JsonReader {
 public:
  JsonReader(std::string_view s, uint32_t base, bool importmap, Extraction& ex)
      : s_(s), base_(base), importmap_(importmap), ex_(ex) {}

  void run() {
    if (s_.substr(0, 3) == "\xEF\xBB\xBF") i_ = 3;  // a UTF-8 byte order mark
    if (!value(0)) return;
    skip_ws();
    if (i_ < s_.size()) fail("unexpected text after the JSON value");
  }

 private:
  void skip_ws() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
  }
  bool fail(const char* why) {
    ex_.note_error(base_ + static_cast<uint32_t>(i_),
                   std::string(importmap_ ? "invalid import map JSON: " : "invalid JSON: ") + why);
    return false;
  }
  // A string at i_: its content range [b, e).
  bool string(size_t& b, size_t& e) {
    b = ++i_;
    while (i_ < s_.size() && s_[i_] != '"') {
      if (static_cast<unsigned char>(s_[i_]) < 0x20) return fail("control character in a string");
      i_ += s_[i_] == '\\' ? 2 : 1;
    }
    if (i_ >= s_.size()) return fail("unterminated string");
    e = i_++;
    return true;
  }
  bool wanted() const {
    const auto& p = path_;
    // An import map: imports.<specifier> and scopes.<prefix>.<specifier>.
    if (importmap_) return (p.size() == 2 && p[0] == "imports") || (p.size() == 3 && p[0] == "scopes");
    // A manifest: icons[].src, screenshots[].src, shortcuts[].icons[].src.
    if (p.size() == 3 && (p[0] == "icons" || p[0] == "screenshots") && p[2] == "src") return true;
    return p.size() == 5 && p[0] == "shortcuts" && p[2] == "icons" && p[4] == "src";
  }
  bool value(int depth) {
    if (depth > 64) return fail("nested too deeply");
    skip_ws();
    if (i_ >= s_.size()) return fail("unexpected end");
    char c = s_[i_];
    if (c == '{') {
      ++i_;
      skip_ws();
      if (i_ < s_.size() && s_[i_] == '}') return ++i_, true;
      for (;;) {
        skip_ws();
        size_t b = 0, e = 0;
        if (i_ >= s_.size() || s_[i_] != '"') return fail("expected a key");
        if (!string(b, e)) return false;
        skip_ws();
        if (i_ >= s_.size() || s_[i_] != ':') return fail("expected ':'");
        ++i_;
        path_.emplace_back(s_.substr(b, e - b));
        if (!value(depth + 1)) return false;
        path_.pop_back();
        skip_ws();
        if (i_ < s_.size() && s_[i_] == ',') {
          ++i_;
          continue;
        }
        if (i_ < s_.size() && s_[i_] == '}') return ++i_, true;
        return fail("expected ',' or '}'");
      }
    }
    if (c == '[') {
      ++i_;
      skip_ws();
      if (i_ < s_.size() && s_[i_] == ']') return ++i_, true;
      path_.emplace_back("[]");
      for (;;) {
        if (!value(depth + 1)) return false;
        skip_ws();
        if (i_ < s_.size() && s_[i_] == ',') {
          ++i_;
          continue;
        }
        if (i_ < s_.size() && s_[i_] == ']') break;
        return fail("expected ',' or ']'");
      }
      path_.pop_back();
      return ++i_, true;
    }
    if (c == '"') {
      size_t b = 0, e = 0;
      if (!string(b, e)) return false;
      if (wanted() && e > b) {
        Reference r;
        r.kind = importmap_ ? RefKind::html_other : RefKind::manifest_icon;
        r.begin = base_ + static_cast<uint32_t>(b);
        r.end = base_ + static_cast<uint32_t>(e);
        if (importmap_) {
          r.tag = "script";
          r.attr = "importmap";
          r.key = path_.back();
        }
        std::string_view raw = s_.substr(b, e - b);
        if (raw.find('\\') != std::string_view::npos) {
          r.specifier = decode_js_string(raw);  // JSON escapes are a subset of JS's
          r.decoded = r.specifier != raw;
        } else {
          r.specifier.assign(raw);
        }
        ex_.file.refs.push_back(std::move(r));
      }
      return true;
    }
    for (std::string_view word : {"true", "false", "null"}) {
      if (s_.substr(i_, word.size()) == word) {
        i_ += word.size();
        return true;
      }
    }
    size_t start = i_;
    while (i_ < s_.size() && (std::isdigit(static_cast<unsigned char>(s_[i_])) || s_[i_] == '-' || s_[i_] == '+' ||
                              s_[i_] == '.' || s_[i_] == 'e' || s_[i_] == 'E'))
      ++i_;
    if (i_ == start) return fail("unexpected character");
    return true;
  }

  std::string_view s_;
  uint32_t base_;
  bool importmap_;
  size_t i_ = 0;
  Extraction& ex_;
  std::vector<std::string> path_;
};

}  // namespace

void extract_manifest(std::string_view json, Extraction& ex) { JsonReader(json, 0, false, ex).run(); }

void extract_importmap(std::string_view json, uint32_t base, Extraction& ex) {
  JsonReader(json, base, true, ex).run();
}

}  // namespace kiln::parse
