#include "advice/cut_bytes.h"

#include <algorithm>
#include <set>
#include <unordered_map>

namespace kiln::advice {

namespace {

std::string file_name(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// A map's source path ("src/x.tsx", "app/src/x.tsx", "node_modules/…") to a module of the
// graph: the whole path, else the longest suffix that starts at a folder boundary (the map
// names sources relative to wherever the bundle was written).
class ModuleMatcher {
 public:
  explicit ModuleMatcher(const source::SourceGraph& g) {
    for (uint32_t i = 0; i < g.modules.size(); ++i) ids_.emplace(g.modules[i].path, i);
  }
  std::optional<uint32_t> find(const std::string& path) {
    auto memo = memo_.find(path);
    if (memo != memo_.end()) return memo->second;
    std::optional<uint32_t> found;
    for (size_t at = 0; at != std::string::npos && !found; at = path.find('/', at)) {
      if (at) ++at;
      auto it = ids_.find(path.substr(at));
      if (it != ids_.end()) found = it->second;
      if (path.compare(at, 13, "node_modules/") == 0) break;  // never match a package file to the app
    }
    memo_.emplace(path, found);
    return found;
  }

 private:
  std::unordered_map<std::string, uint32_t> ids_;
  std::unordered_map<std::string, std::optional<uint32_t>> memo_;
};

}  // namespace

std::string package_key(const sourcemap::SourceEntry& s) {
  if (s.package.empty()) return {};
  // The source's name as the map writes it: the normalised path keeps only the last copy.
  const std::string& name = s.sme_key;
  constexpr std::string_view nm = "node_modules/";
  size_t first = name.find(nm);
  size_t last = name.rfind(nm);
  if (first == std::string::npos || first == last || name.find("/.pnpm/") != std::string::npos ||
      name.compare(first + nm.size(), 6, ".pnpm/") == 0)
    return s.package;
  if (name.compare(last + nm.size(), s.package.size(), s.package) != 0) return s.package;
  return name.substr(first + nm.size(), last + s.package.size() - first);
}

std::vector<std::string> dist_packages(const pipeline::Analysis& dist) {
  std::set<std::string> names;
  for (auto& b : dist.bundles)
    for (auto& s : b.sources)
      if (!s.package.empty()) names.insert(package_key(s));
  return {names.begin(), names.end()};
}

std::optional<size_t> match_dist_page(const pipeline::Analysis& dist, const std::string& page_path, size_t source_pages) {
  const auto& entries = dist.graph.entries;
  for (size_t i = 0; i < entries.size(); ++i)
    if (dist.files[entries[i].file].path == page_path) return i;
  std::optional<size_t> by_name;
  for (size_t i = 0; i < entries.size(); ++i)
    if (file_name(dist.files[entries[i].file].path) == file_name(page_path)) {
      if (by_name) return std::nullopt;  // two candidates: do not guess
      by_name = i;
    }
  if (by_name) return by_name;
  if (entries.size() == 1 && source_pages == 1) return 0;
  return std::nullopt;
}

PageBytes built_bytes(const PageGraph& pg, const source::SourceGraph& g, const pipeline::Analysis& dist,
                      size_t dist_entry) {
  PageBytes out;
  out.node.resize(pg.size());
  const auto& entry = dist.graph.entries[dist_entry];
  out.dist_page = dist.files[entry.file].path;
  auto total = pipeline::breakdown(dist, entry.initial).total;
  out.initial = {total.raw, total.gzip, total.brotli};
  ModuleMatcher matcher(g);
  for (auto id : entry.initial) {
    auto it = std::lower_bound(dist.bundles.begin(), dist.bundles.end(), id,
                               [](const sourcemap::BundleSources& b, scan::FileId f) { return b.file < f; });
    if (it == dist.bundles.end() || it->file != id) continue;
    for (auto& s : it->sources) {
      if (s.runtime || s.no_source) continue;
      std::optional<uint32_t> node = s.package.empty() ? matcher.find(s.path) : pg.package_node(package_key(s));
      if (!node) continue;
      out.node[*node] += s.bytes;
      out.attributed += s.bytes;
    }
  }
  return out;
}

PageBytes source_bytes(const PageGraph& pg, const source::SourceGraph& g) {
  PageBytes out;
  out.node.resize(pg.size());
  // Code and stylesheets only: an image or font a module imports is a URL in the bundle, and
  // the HTML page is not part of what a cut moves.
  for (uint32_t i = 0; i < g.modules.size(); ++i) {
    auto syntax = g.modules[i].syntax;
    if (source::is_code(syntax) || syntax == source::SourceSyntax::css) out.node[i].raw = g.modules[i].bytes;
  }
  return out;  // initial and attributed: the static closure's sum, known once the page is walked
}

}  // namespace kiln::advice
