#include "sourcemap/sme_key.h"

#include <vector>

namespace kiln::sourcemap {

namespace {

bool is_scheme_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
}

// "scheme:" prefix length, or 0 (the `^[A-Za-z0-9+\-.]+:` test source-map uses).
size_t scheme_length(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && is_scheme_char(s[i])) ++i;
  return i > 0 && i < s.size() && s[i] == ':' ? i + 1 : 0;
}

bool is_special(std::string_view scheme) {
  return scheme == "http:" || scheme == "https:" || scheme == "ftp:" || scheme == "ws:" || scheme == "wss:" ||
         scheme == "file:";
}

// The WHATWG path percent-encode set (C0 controls, space, " # < > ? ` { } and non-ASCII).
void encode_path_char(std::string& out, char c) {
  auto u = static_cast<unsigned char>(c);
  if (u < 0x20 || u > 0x7E || c == ' ' || c == '"' || c == '<' || c == '>' || c == '`' || c == '{' || c == '}') {
    static const char* hex = "0123456789ABCDEF";
    out += '%';
    out += hex[u >> 4];
    out += hex[u & 15];
  } else {
    out += c;
  }
}

// Folds "." and ".." segments of a path; `keep_leading_up` keeps ".." that climb above the
// start (a relative source stays relative, as source-map's computeRelativeURL makes it).
std::string fold_path(std::string_view path, bool keep_leading_up) {
  std::vector<std::string_view> segs;
  bool absolute = !path.empty() && path[0] == '/';
  size_t b = absolute ? 1 : 0;
  std::vector<std::string_view> parts;
  while (true) {
    size_t e = path.find('/', b);
    parts.push_back(path.substr(b, e == std::string_view::npos ? std::string_view::npos : e - b));
    if (e == std::string_view::npos) break;
    b = e + 1;
  }
  size_t ups = 0;
  for (size_t i = 0; i < parts.size(); ++i) {
    auto p = parts[i];
    bool last = i + 1 == parts.size();
    if (p == "." || p == "%2e" || p == "%2E") {
      if (last) segs.push_back("");
      continue;
    }
    if (p == "..") {
      if (!segs.empty() && !(segs.back() == "..")) segs.pop_back();
      else if (keep_leading_up && !absolute) segs.push_back(".."), ++ups;
      if (last) segs.push_back("");
      continue;
    }
    segs.push_back(p);
  }
  std::string out = absolute ? "/" : "";
  for (size_t i = 0; i < segs.size(); ++i) {
    if (i) out += '/';
    out += segs[i];
  }
  return out;
}

std::string encode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) encode_path_char(out, c);
  return out;
}

// Path, then ?query and #fragment (their own encode sets, close enough to the path's here).
std::string serialize(std::string_view rest, bool special, bool relative) {
  std::string s(rest);
  if (special)
    for (auto& c : s)
      if (c == '\\') c = '/';
  size_t q = s.find_first_of("?#");
  std::string tail = q == std::string::npos ? "" : s.substr(q);
  std::string path = q == std::string::npos ? s : s.substr(0, q);
  std::string out = fold_path(encode(path), relative);
  std::string enc_tail;
  for (char c : tail) {
    if (c == '#' || c == '?' || c == '{' || c == '}') enc_tail += c;
    else encode_path_char(enc_tail, c);
  }
  return out.append(enc_tail);
}

std::string normalize(std::string_view url) {
  size_t sl = scheme_length(url);
  if (sl) {
    std::string scheme(url.substr(0, sl));
    for (auto& c : scheme)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    std::string_view rest = url.substr(sl);
    bool special = is_special(scheme);
    if (rest.substr(0, 2) == "//") {
      rest.remove_prefix(2);
      size_t slash = rest.find_first_of(special ? "/\\?#" : "/?#");
      std::string host(rest.substr(0, slash));
      if (special)
        for (auto& c : host)
          if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      std::string path = slash == std::string_view::npos ? "" : serialize(rest.substr(slash), special, false);
      if (special && path.empty()) path.push_back('/');
      return scheme.append("//").append(host).append(path);
    }
    return scheme.append(serialize(rest, special, false));
  }
  if (url.substr(0, 2) == "//") return std::string("//").append(serialize(url.substr(2), true, false));
  return serialize(url, true, url.empty() || url[0] != '/');
}

}  // namespace

std::string sme_source_key(std::string_view source, std::string_view source_root) {
  std::string s(source);
  if (!source_root.empty() && !s.empty() && s[0] == '/' && (s.size() < 2 || s[1] != '/')) s.erase(0, 1);
  std::string url = normalize(s);
  if (source_root.empty() || scheme_length(url)) return url;
  std::string root(source_root);
  if (root.back() != '/') root += '/';
  if (!url.empty() && url[0] == '/') return url;
  return normalize(root + url);
}

}  // namespace kiln::sourcemap
