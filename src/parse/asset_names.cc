#include "parse/asset_names.h"

#include <algorithm>
#include <cctype>

namespace kiln::parse {

namespace {

// Extensions of files code fetches by URL; scripts, stylesheets and pages are left to the
// import and chunk readers (a string "index.js" in a message is common, a fetch of it rare).
constexpr std::string_view kExtensions[] = {"png",  "jpg",  "jpeg", "gif", "svg", "webp", "avif", "ico",
                                            "bmp",  "woff", "woff2", "ttf", "otf", "eot",  "mp3",  "mp4",
                                            "webm", "ogg",  "wav",  "json", "wasm", "glb", "gltf", "bin"};

bool name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' || c == '/' || c == '@' ||
         c == '~' || c == '+';
}

bool asset_extension(std::string_view token) {
  size_t dot = token.rfind('.');
  if (dot == std::string_view::npos || dot + 1 >= token.size()) return false;
  std::string_view ext = token.substr(dot + 1);
  if (ext.size() > 5) return false;
  char lower[6] = {};
  for (size_t i = 0; i < ext.size(); ++i) lower[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(ext[i])));
  std::string_view e(lower, ext.size());
  return std::find(std::begin(kExtensions), std::end(kExtensions), e) != std::end(kExtensions);
}

}  // namespace

void scan_asset_names(std::string_view src, std::vector<Reference>& refs) {
  std::vector<uint32_t> taken;
  for (const auto& r : refs) taken.push_back(r.begin);
  std::sort(taken.begin(), taken.end());
  // The precache list kiln injected into a service worker (manifest/precache.cc's markers)
  // is kiln's own output: its URLs are what the build made, not names the code builds on.
  constexpr std::string_view kInjected = "/*kiln:precache*/", kInjectedEnd = "/*kiln:precache-end*/";
  size_t skip_from = src.find(kInjected), skip_to = std::string_view::npos;
  if (skip_from != std::string_view::npos) skip_to = src.find(kInjectedEnd, skip_from);
  // Each closing quote preceded by name characters back to an opening quote of the same kind.
  for (size_t close = 0; close < src.size(); ++close) {
    if (close == skip_from && skip_to != std::string_view::npos) close = skip_to;
    char q = src[close];
    if (q != '"' && q != '\'' && q != '`') continue;
    size_t open = close;
    while (open > 0 && close - open < 256 && name_char(src[open - 1])) --open;
    if (open == 0 || open == close || src[open - 1] != q) continue;
    if (open >= 2 && src[open - 2] == '\\') continue;  // an escaped quote: inside another string
    std::string_view token = src.substr(open, close - open);
    if (!asset_extension(token)) continue;
    // The base name must be more than an extension (".png" is a suffix being joined).
    size_t slash = token.rfind('/');
    std::string_view base = slash == std::string_view::npos ? token : token.substr(slash + 1);
    if (base.empty() || base.front() == '.') continue;
    if (std::binary_search(taken.begin(), taken.end(), static_cast<uint32_t>(open))) continue;
    Reference ref;
    ref.kind = RefKind::asset_name;
    ref.specifier.assign(token);
    ref.begin = static_cast<uint32_t>(open);
    ref.end = static_cast<uint32_t>(close);
    refs.push_back(std::move(ref));
  }
}

}  // namespace kiln::parse
