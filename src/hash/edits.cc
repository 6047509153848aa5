#include "hash/edits.h"

#include <algorithm>
#include <cctype>
#include <cstring>

#include "core/file_name.h"

namespace kiln::hash {

namespace {

// `segment` percent-decoded (`lower`: it wrote hex digits in lower case); nothing on a bad escape.
std::optional<std::string> percent_decode(std::string_view segment, bool& lower) {
  std::string out;
  for (size_t i = 0; i < segment.size(); ++i) {
    if (segment[i] != '%') {
      out += segment[i];
      continue;
    }
    if (i + 2 >= segment.size()) return std::nullopt;
    int hi = hex_digit_value(segment[i + 1]), lo = hex_digit_value(segment[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    lower = lower || std::islower(static_cast<unsigned char>(segment[i + 1])) ||
            std::islower(static_cast<unsigned char>(segment[i + 2]));
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

// A file name written percent-encoded (`a%20b.css` for "a b.css"): the new name with the
// bytes a URL path cannot carry as they are (space, quotes, #, ?, %, non-ASCII) encoded.
std::optional<std::string> rewrite_encoded(std::string_view path, std::string_view old_base, std::string_view new_base) {
  size_t slash = path.rfind('/');
  size_t at = slash == std::string_view::npos ? 0 : slash + 1;
  bool lower = false;
  auto decoded = percent_decode(path.substr(at), lower);
  if (!decoded || *decoded != old_base) return std::nullopt;
  static const char* hex = "0123456789ABCDEF";
  std::string out(path.substr(0, at));
  for (char c : new_base) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f || std::strchr("\"#%?'<>\\^`{|}", c)) {
      out += '%';
      out += lower ? static_cast<char>(std::tolower(hex[u >> 4])) : hex[u >> 4];
      out += lower ? static_cast<char>(std::tolower(hex[u & 15])) : hex[u & 15];
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::optional<std::string> rewrite_specifier(std::string_view raw, std::string_view old_path,
                                             std::string_view new_path) {
  auto base = [](std::string_view p) {
    size_t slash = p.rfind('/');
    return slash == std::string_view::npos ? p : p.substr(slash + 1);
  };
  std::string_view old_base = base(old_path), new_base = base(new_path);
  size_t path_end = raw.find_first_of("?#");
  if (path_end == std::string_view::npos) path_end = raw.size();
  std::string_view path = raw.substr(0, path_end);
  if (path.size() < old_base.size() || path.substr(path.size() - old_base.size()) != old_base) {
    auto encoded = rewrite_encoded(path, old_base, new_base);
    if (!encoded) return std::nullopt;
    return *encoded + std::string(raw.substr(path_end));
  }
  size_t at = path.size() - old_base.size();
  if (at > 0 && path[at - 1] != '/') return std::nullopt;  // "xapp.js" is not "app.js"
  std::string out(raw);
  out.replace(at, old_base.size(), new_base);
  return out;
}

namespace {

bool iequals_at(std::string_view s, size_t at, std::string_view word) {
  if (at + word.size() > s.size()) return false;
  for (size_t i = 0; i < word.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[at + i])) != word[i]) return false;
  return true;
}

}  // namespace

std::optional<Edit> integrity_edit(std::string_view html, uint32_t value_begin, uint32_t value_end,
                                   const std::string& integrity) {
  size_t open = html.rfind('<', value_begin);
  if (open == std::string_view::npos) return std::nullopt;
  // Walk the tag from its start, honouring quotes, to find its end and any integrity attribute.
  char quote = 0;
  size_t close = std::string_view::npos;
  std::optional<std::pair<size_t, size_t>> existing;  // value range of integrity="…"
  for (size_t i = open + 1; i < html.size(); ++i) {
    char c = html[i];
    if (quote) {
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '"' || c == '\'') {
      quote = c;
      continue;
    }
    if (c == '>') {
      close = i;
      break;
    }
    if (std::isspace(static_cast<unsigned char>(c)) && iequals_at(html, i + 1, "integrity")) {
      size_t j = i + 1 + 9;
      while (j < html.size() && std::isspace(static_cast<unsigned char>(html[j]))) ++j;
      if (j < html.size() && html[j] == '=') {
        ++j;
        while (j < html.size() && std::isspace(static_cast<unsigned char>(html[j]))) ++j;
        if (j < html.size() && (html[j] == '"' || html[j] == '\'')) {
          size_t endq = html.find(html[j], j + 1);
          if (endq != std::string_view::npos) existing = std::make_pair(j + 1, endq);
        } else {
          size_t k = j;
          while (k < html.size() && !std::isspace(static_cast<unsigned char>(html[k])) && html[k] != '>') ++k;
          existing = std::make_pair(j, k);
        }
      }
    }
  }
  if (close == std::string_view::npos || close < value_end) return std::nullopt;
  if (existing)
    return Edit{static_cast<uint32_t>(existing->first), static_cast<uint32_t>(existing->second), integrity};
  // Right after the attribute that names the file: `src="a.js" integrity="…"`.
  size_t at = value_end;
  if (at < html.size() && (html[at] == '"' || html[at] == '\'')) ++at;
  return Edit{static_cast<uint32_t>(at), static_cast<uint32_t>(at), " integrity=\"" + integrity + "\""};
}

}  // namespace kiln::hash
