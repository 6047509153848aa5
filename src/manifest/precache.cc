#include "manifest/precache.h"

#include <nlohmann/json.hpp>
#include <set>

#include "core/digest.h"
#include "core/json_text.h"
#include "core/user_regex.h"
#include "core/glob.h"
#include "hash/hashed_name.h"

namespace kiln::manifest {

namespace {
constexpr std::string_view kInjectionPoint = "self.__WB_MANIFEST";
constexpr std::string_view kBegin = "/*kiln:precache*/";
constexpr std::string_view kEnd = "/*kiln:precache-end*/";

// glob's default (dot: false): a path segment that starts with '.' is not matched by *.
bool has_dot_segment(const std::string& path) {
  return path[0] == '.' || path.find("/.") != std::string::npos;
}
}  // namespace

PrecacheList make_precache(const std::vector<scan::FileEntry>& files, const PrecacheOptions& o,
                           const std::function<Result<std::string>(const std::string&)>& read,
                           std::vector<std::pair<std::string, std::string>>& errors) {
  PrecacheList list;
  GlobSet ignores(o.glob_ignores);
  std::set<std::string> seen;
  // Pattern by pattern, files in path order within each, as workbox-build lists them.
  for (const auto& pattern : o.glob_patterns) {
    Glob g(pattern, /*match_base=*/false);  // node-glob semantics, as workbox-build
    for (const auto& f : files) {
      if (f.kind == scan::FileKind::sidecar || has_dot_segment(f.path)) continue;
      if (!g.matches(f.path) || (!ignores.empty() && ignores.matches(f.path))) continue;
      if (std::find(o.exclude_paths.begin(), o.exclude_paths.end(), f.path) != o.exclude_paths.end()) continue;
      if (!seen.insert(f.path).second) continue;
      if (f.size > o.max_size) {
        list.too_large.emplace_back(f.path, f.size);
        continue;
      }
      auto bytes = read(f.path);
      if (!bytes) {
        errors.emplace_back(f.path, bytes.error());
        continue;
      }
      PrecacheEntry e;
      e.url = f.path;
      for (const auto& [from, to] : o.modify_url_prefix)
        if (e.url.rfind(from, 0) == 0) {
          e.url = to + e.url.substr(from.size());
          break;
        }
      // dontCacheBustURLsMatching tests the URL (after modifyURLPrefix), as workbox does.
      if (!(o.is_hashed && o.is_hashed(e.url))) e.revision = md5_hex(*bytes);
      if (o.integrity) e.integrity = sri_sha384(*bytes);
      e.size = bytes->size();
      list.total_size += e.size;
      list.entries.push_back(std::move(e));
    }
  }
  for (const auto& [url, revision] : o.additional) list.entries.push_back({url, revision, "", 0});
  return list;
}

Result<std::function<bool(const std::string&)>> url_hash_matcher(const std::string& pattern) {
  if (pattern.empty())
    return std::function<bool(const std::string&)>([](const std::string& url) { return hash::hash_segment(url).has_value(); });
  auto re = UserRegex::compile(pattern);
  if (!re) return Error{"not a valid regular expression: " + re.error()};
  return std::function<bool(const std::string&)>([re = *re](const std::string& url) { return re.search(url); });
}

std::string precache_json(const PrecacheList& list, int indent) {
  nlohmann::ordered_json j = nlohmann::ordered_json::array();
  for (const auto& e : list.entries) {
    nlohmann::ordered_json je;
    if (!e.integrity.empty()) je["integrity"] = e.integrity;
    je["revision"] = e.revision ? nlohmann::ordered_json(*e.revision) : nlohmann::ordered_json();
    je["url"] = e.url;
    j.push_back(je);
  }
  return json_dump(j, indent);
}

Result<std::string> inject_manifest(const std::string& sw, const PrecacheList& list) {
  std::string payload = std::string(kBegin) + precache_json(list, -1) + std::string(kEnd);
  size_t begin = sw.find(kBegin);
  if (begin != std::string::npos) {
    size_t end = sw.find(kEnd, begin);
    if (end == std::string::npos) return Error{"has kiln's precache start marker but not its end marker"};
    return sw.substr(0, begin) + payload + sw.substr(end + kEnd.size());
  }
  size_t at = sw.find(kInjectionPoint);
  if (at == std::string::npos)
    return Error{"no injection point: the service worker must contain self.__WB_MANIFEST exactly once "
                 "(e.g. precacheAndRoute(self.__WB_MANIFEST))"};
  if (sw.find(kInjectionPoint, at + 1) != std::string::npos)
    return Error{"self.__WB_MANIFEST appears more than once; it must appear exactly once"};
  return sw.substr(0, at) + payload + sw.substr(at + kInjectionPoint.size());
}

}  // namespace kiln::manifest
