#include "sourcemap/map_locator.h"

#include <array>

#include "resolve/url_resolver.h"

namespace kiln::sourcemap {

const char* map_origin_name(MapOrigin o) {
  switch (o) {
    case MapOrigin::external: return "comment";
    case MapOrigin::inline_data: return "inline";
    case MapOrigin::beside: return "beside";
  }
  return "comment";
}

namespace {

Result<std::string> base64_decode(std::string_view s) {
  static const auto table = [] {
    std::array<int8_t, 256> t{};
    t.fill(-1);
    std::string_view d = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (size_t i = 0; i < d.size(); ++i) t[static_cast<unsigned char>(d[i])] = static_cast<int8_t>(i);
    t['-'] = 62, t['_'] = 63;  // base64url, which some tools write
    return t;
  }();
  std::string out;
  out.reserve(s.size() / 4 * 3);
  uint32_t acc = 0;
  int bits = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '=') break;
    if (c == '\n' || c == '\r' || c == ' ') continue;
    int v = table[static_cast<unsigned char>(c)];
    if (v < 0) return Error{"invalid base64 character '" + std::string(1, c) + "' at offset " + std::to_string(i)};
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  return out;
}

}  // namespace

Result<std::string> decode_data_uri(std::string_view uri) {
  if (uri.substr(0, 5) != "data:") return Error{"not a data: URI"};
  size_t comma = uri.find(',');
  if (comma == std::string_view::npos) return Error{"data: URI without a ','"};
  std::string_view meta = uri.substr(5, comma - 5), payload = uri.substr(comma + 1);
  bool b64 = meta.size() >= 7 && meta.substr(meta.size() - 7) == ";base64";
  std::string_view type = meta.substr(0, meta.find(';'));
  if (!type.empty() && type != "application/json" && type != "text/json" && type != "text/plain")
    return Error{"data: URI of type '" + std::string(type) + "', not JSON"};
  if (b64) {
    auto bytes = base64_decode(resolve::percent_decode(payload));
    if (!bytes) return Error{"data: URI: " + bytes.error()};
    return std::move(*bytes);
  }
  return resolve::percent_decode(payload);
}

}  // namespace kiln::sourcemap
