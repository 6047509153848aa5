#include "parse/text_decode.h"

#include <cstring>

#include "core/file_name.h"

namespace kiln::parse {

std::string_view excerpt(std::string_view text, size_t max) {
  text = text.substr(0, text.find_first_of("\r\n"));
  if (text.size() <= max) return text;
  size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}


namespace {

bool is_css_whitespace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

}  // namespace

void append_utf8(std::string& out, uint32_t cp) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::string decode_js_string(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c != '\\' || i + 1 >= raw.size()) {
      out.push_back(c);
      continue;
    }
    char e = raw[++i];
    switch (e) {
      case 'n': out.push_back('\n'); break;
      case 't': out.push_back('\t'); break;
      case 'r': out.push_back('\r'); break;
      case 'b': out.push_back('\b'); break;
      case 'f': out.push_back('\f'); break;
      case 'v': out.push_back('\v'); break;
      case '0': out.push_back('\0'); break;
      case '\r':  // line continuation: \ CR LF or \ CR
        if (i + 1 < raw.size() && raw[i + 1] == '\n') ++i;
        break;
      case '\n': break;
      case 'x':
        if (i + 2 < raw.size() && hex_digit_value(raw[i + 1]) >= 0 && hex_digit_value(raw[i + 2]) >= 0) {
          append_utf8(out, static_cast<uint32_t>(hex_digit_value(raw[i + 1]) * 16 + hex_digit_value(raw[i + 2])));
          i += 2;
        } else {
          out.push_back(e);
        }
        break;
      case 'u': {
        uint32_t cp = 0;
        size_t j = i + 1;
        if (j < raw.size() && raw[j] == '{') {
          ++j;
          while (j < raw.size() && hex_digit_value(raw[j]) >= 0) cp = cp * 16 + static_cast<uint32_t>(hex_digit_value(raw[j++]));
          if (j < raw.size() && raw[j] == '}') {
            append_utf8(out, cp);
            i = j;
            break;
          }
        } else if (j + 4 <= raw.size()) {
          int n = 0;
          while (n < 4 && hex_digit_value(raw[j + n]) >= 0) cp = cp * 16 + static_cast<uint32_t>(hex_digit_value(raw[j + n++]));
          if (n == 4) {
            i = j + 3;
            // A surrogate pair written as two escapes is one code point.
            if (cp >= 0xD800 && cp <= 0xDBFF && i + 6 < raw.size() && raw[i + 1] == '\\' && raw[i + 2] == 'u') {
              uint32_t lo = 0;
              int m = 0;
              while (m < 4 && i + 3 + m < raw.size() && hex_digit_value(raw[i + 3 + m]) >= 0)
                lo = lo * 16 + static_cast<uint32_t>(hex_digit_value(raw[i + 3 + m++]));
              if (m == 4 && lo >= 0xDC00 && lo <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                i += 6;
              }
            }
            append_utf8(out, cp);
            break;
          }
        }
        out.push_back(e);
        break;
      }
      default: out.push_back(e);
    }
  }
  return out;
}

std::string decode_css_escapes(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c != '\\') {
      out.push_back(c);
      continue;
    }
    if (i + 1 >= raw.size()) break;  // a lone backslash at the end contributes nothing
    char e = raw[i + 1];
    if (e == '\n' || e == '\f') {  // line continuation (only valid inside strings)
      ++i;
      continue;
    }
    if (e == '\r') {
      i += (i + 2 < raw.size() && raw[i + 2] == '\n') ? 2 : 1;
      continue;
    }
    if (hex_digit_value(e) >= 0) {
      uint32_t cp = 0;
      size_t j = i + 1;
      for (int n = 0; n < 6 && j < raw.size() && hex_digit_value(raw[j]) >= 0; ++n, ++j)
        cp = cp * 16 + static_cast<uint32_t>(hex_digit_value(raw[j]));
      if (j < raw.size() && is_css_whitespace(raw[j])) {
        if (raw[j] == '\r' && j + 1 < raw.size() && raw[j + 1] == '\n') ++j;
        ++j;
      }
      append_utf8(out, cp == 0 ? 0xFFFD : cp);
      i = j - 1;
      continue;
    }
    out.push_back(e);
    ++i;
  }
  return out;
}

bool MappedText::changed(size_t b, size_t e) const {
  if (offsets.empty()) return false;
  return offsets[e] - offsets[b] != e - b;
}

MappedText decode_html_entities(std::string_view raw, uint32_t base) {
  MappedText m;
  m.base = base;
  if (raw.find('&') == std::string_view::npos) {
    m.text.assign(raw);
    return m;
  }
  struct Named {
    const char* name;
    uint32_t cp;
  };
  static constexpr Named kNamed[] = {{"amp;", '&'},  {"lt;", '<'},    {"gt;", '>'},
                                     {"quot;", '"'}, {"apos;", '\''}, {"nbsp;", 0xA0}};
  m.text.reserve(raw.size());
  m.offsets.reserve(raw.size() + 1);
  auto emit = [&](size_t from, uint32_t cp) {
    size_t before = m.text.size();
    append_utf8(m.text, cp);
    for (size_t k = before; k < m.text.size(); ++k) m.offsets.push_back(base + static_cast<uint32_t>(from));
  };
  for (size_t i = 0; i < raw.size();) {
    if (raw[i] == '&') {
      std::string_view rest = raw.substr(i + 1);
      bool done = false;
      for (const auto& n : kNamed) {
        size_t len = std::strlen(n.name);
        if (rest.substr(0, len) == n.name) {
          emit(i, n.cp);
          i += 1 + len;
          done = true;
          break;
        }
      }
      if (!done && !rest.empty() && rest[0] == '#') {
        bool hex = rest.size() > 1 && (rest[1] == 'x' || rest[1] == 'X');
        size_t j = hex ? 2 : 1;
        uint32_t cp = 0;
        size_t digits = 0;
        while (j < rest.size() && digits < 8) {
          int v = hex ? hex_digit_value(rest[j]) : (rest[j] >= '0' && rest[j] <= '9' ? rest[j] - '0' : -1);
          if (v < 0) break;
          cp = cp * (hex ? 16u : 10u) + static_cast<uint32_t>(v);
          ++j;
          ++digits;
        }
        if (digits > 0) {
          if (j < rest.size() && rest[j] == ';') ++j;
          emit(i, cp == 0 ? 0xFFFD : cp);
          i += 1 + j;
          done = true;
        }
      }
      if (done) continue;
    }
    m.text.push_back(raw[i]);
    m.offsets.push_back(base + static_cast<uint32_t>(i));
    ++i;
  }
  m.offsets.push_back(base + static_cast<uint32_t>(raw.size()));
  return m;
}

}  // namespace kiln::parse
