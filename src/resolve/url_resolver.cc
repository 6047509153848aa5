#include "resolve/url_resolver.h"

#include <cctype>
#include <vector>

#include "core/file_name.h"

namespace kiln::resolve {

namespace {

bool has_scheme(std::string_view url) {
  // RFC 3986: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"; a single letter would be a
  // Windows drive, which a web build never contains, so require two characters.
  if (url.empty() || !std::isalpha(static_cast<unsigned char>(url[0]))) return false;
  for (size_t i = 1; i < url.size(); ++i) {
    char c = url[i];
    if (c == ':') return i >= 2;
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') return false;
  }
  return false;
}

}  // namespace

std::string percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      int hi = hex_digit_value(s[i + 1]), lo = hex_digit_value(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

bool normalize_path(std::string& path) {
  std::vector<std::string_view> parts;
  std::string_view p = path;
  size_t start = 0;
  while (start <= p.size()) {
    size_t slash = p.find('/', start);
    if (slash == std::string_view::npos) slash = p.size();
    std::string_view seg = p.substr(start, slash - start);
    if (seg == "..") {
      if (parts.empty()) return false;
      parts.pop_back();
    } else if (!seg.empty() && seg != ".") {
      parts.push_back(seg);
    }
    start = slash + 1;
  }
  std::string out;
  for (auto seg : parts) {
    if (!out.empty()) out += '/';
    out += seg;
  }
  path = std::move(out);
  return true;
}

std::string normalize_base(std::string_view base) {
  std::string b(base);
  if (b.empty() || b[0] != '/') b.insert(b.begin(), '/');
  if (b.back() != '/') b += '/';
  return b;
}

ResolvedUrl UrlResolver::resolve(std::string_view from, std::string_view url,
                                 bool module_specifier) const {
  // Browsers strip leading/trailing ASCII whitespace from URL attributes.
  while (!url.empty() && std::isspace(static_cast<unsigned char>(url.front()))) url.remove_prefix(1);
  while (!url.empty() && std::isspace(static_cast<unsigned char>(url.back()))) url.remove_suffix(1);
  if (url.empty()) return {UrlClass::empty, ""};
  if (url[0] == '#') return {UrlClass::fragment, std::string(url)};
  if (url.size() >= 2 && url[0] == '/' && url[1] == '/') return {UrlClass::external, std::string(url)};
  if (has_scheme(url)) {
    std::string scheme;
    for (char c : url.substr(0, url.find(':'))) scheme += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (scheme == "data" || scheme == "blob" || scheme == "javascript" || scheme == "about")
      return {UrlClass::inline_data, ""};
    return {UrlClass::external, std::string(url)};
  }
  if (module_specifier && url[0] != '/' && url.rfind("./", 0) != 0 && url.rfind("../", 0) != 0 &&
      url != "." && url != "..")
    return {UrlClass::bare, std::string(url)};

  std::string_view path = url;
  if (size_t cut = path.find_first_of("?#"); cut != std::string_view::npos) path = path.substr(0, cut);
  std::string decoded = percent_decode(path);
  std::string joined;
  if (!decoded.empty() && decoded[0] == '/') {
    if (decoded.rfind(base, 0) == 0) {
      joined = decoded.substr(base.size());
    } else if (decoded + "/" == base) {
      joined = "";
    } else {
      return {UrlClass::outside, std::string(url)};
    }
  } else {
    size_t slash = from.rfind('/');
    joined = slash == std::string_view::npos ? decoded : std::string(from.substr(0, slash + 1)) + decoded;
  }
  bool dir_like = joined.empty() || joined.back() == '/';
  if (!normalize_path(joined)) return {UrlClass::outside, std::string(url)};
  if (dir_like) joined += joined.empty() ? "index.html" : "/index.html";  // a folder URL serves its index
  return {UrlClass::local, joined};
}

}  // namespace kiln::resolve
