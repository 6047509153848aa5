#include "source/package_exports.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace kiln::source {

namespace {

std::optional<std::string> target_of(const nlohmann::ordered_json& v, const std::string& star,
                                     const std::vector<std::string>& conditions, int depth) {
  if (depth > 32) return std::nullopt;
  if (v.is_string()) {
    std::string t = v.get<std::string>();
    for (size_t at = t.find('*'); at != std::string::npos; at = t.find('*', at + star.size())) t.replace(at, 1, star);
    return t;
  }
  if (v.is_array()) {
    for (auto& e : v)
      if (auto t = target_of(e, star, conditions, depth + 1)) return t;
    return std::nullopt;
  }
  if (v.is_object()) {
    // The package's key order decides: the first key the caller accepts wins.
    for (auto& [key, value] : v.items()) {
      if (key != "default" && std::find(conditions.begin(), conditions.end(), key) == conditions.end()) continue;
      if (auto t = target_of(value, star, conditions, depth + 1)) return t;
      if (value.is_null()) return std::nullopt;
    }
  }
  return std::nullopt;  // null excludes
}

bool has_subpath_keys(const nlohmann::ordered_json& map) {
  if (!map.is_object()) return false;
  for (auto& [key, value] : map.items())
    if (!key.empty() && (key[0] == '.' || key[0] == '#')) return true;
  return false;
}

}  // namespace

std::optional<std::string> match_package_map(const nlohmann::ordered_json& map, const std::string& subpath,
                                             const std::vector<std::string>& conditions) {
  if (!has_subpath_keys(map)) {  // "exports": "./x.js" or {"import": …}: the "." entry
    if (subpath != ".") return std::nullopt;
    return target_of(map, "", conditions, 0);
  }
  if (auto it = map.find(subpath); it != map.end() && subpath.find('*') == std::string::npos)
    return target_of(*it, "", conditions, 0);
  // Patterns: the key with the longest prefix before its '*' wins (Node's PATTERN_KEY_COMPARE).
  const nlohmann::ordered_json* best = nullptr;
  std::string best_key, best_star;
  size_t best_prefix = 0;
  auto better = [&](size_t prefix, size_t length) {
    return !best || prefix > best_prefix || (prefix == best_prefix && length > best_key.size());
  };
  for (auto& [key, value] : map.items()) {
    size_t star = key.find('*');
    if (star == std::string::npos) {
      // Legacy folder mapping: "./features/": "./src/features/".
      if (key.size() > 1 && key.back() == '/' && subpath.compare(0, key.size(), key) == 0 && better(key.size(), key.size()))
        best = &value, best_key = key, best_prefix = key.size(), best_star = subpath.substr(key.size());
      continue;
    }
    std::string_view prefix(key.data(), star), suffix(key.data() + star + 1, key.size() - star - 1);
    if (subpath.size() < prefix.size() + suffix.size() || subpath.compare(0, prefix.size(), prefix) != 0 ||
        subpath.compare(subpath.size() - suffix.size(), suffix.size(), suffix) != 0 || !better(star, key.size()))
      continue;
    best = &value, best_key = key, best_prefix = star;
    best_star = subpath.substr(prefix.size(), subpath.size() - prefix.size() - suffix.size());
  }
  if (!best) return std::nullopt;
  if (best_key.find('*') == std::string::npos) {  // folder mapping
    auto t = target_of(*best, "", conditions, 0);
    if (t) *t += best_star;
    return t;
  }
  return target_of(*best, best_star, conditions, 0);
}

bool is_node_builtin(const std::string& s) {
  if (s.rfind("node:", 0) == 0) return true;
  static constexpr std::array<std::string_view, 57> kBuiltins = {
      "assert", "assert/strict", "async_hooks", "buffer", "child_process", "cluster", "console", "constants",
      "crypto", "dgram", "diagnostics_channel", "dns", "dns/promises", "domain", "events", "fs",
      "fs/promises", "http", "http2", "https", "inspector", "module", "net", "os", "path", "path/posix",
      "path/win32", "perf_hooks", "process", "punycode", "querystring", "readline", "readline/promises",
      "repl", "stream", "stream/consumers", "stream/promises", "stream/web", "string_decoder", "sys",
      "timers", "timers/promises", "tls", "trace_events", "tty", "url", "util", "util/types", "v8", "vm",
      "wasi", "worker_threads", "zlib", "inspector/promises", "test", "sea", "sqlite"};
  // test, sea and sqlite exist only with the node: prefix.
  if (s == "test" || s == "sea" || s == "sqlite") return false;
  return std::find(kBuiltins.begin(), kBuiltins.end(), s) != kBuiltins.end();
}

std::string package_name_of(const std::string& s) {
  if (s.empty() || s[0] == '.' || s[0] == '/' || s[0] == '#') return {};
  size_t slash = s.find('/');
  if (s[0] == '@') {
    if (slash == std::string::npos) return {};
    size_t second = s.find('/', slash + 1);
    return s.substr(0, second);
  }
  return s.substr(0, slash);
}

}  // namespace kiln::source
