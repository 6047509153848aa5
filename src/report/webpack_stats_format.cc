// `kiln analyze --format webpack-stats`: kiln's analysis in the shape of webpack's
// `stats.json` (`assets`, `chunks`, `modules`, `entrypoints`), so viewers made for it
// (webpack-bundle-analyzer's static mode, Statoscope) open any build. Each script or
// stylesheet with a source map (or named by bundler stats) is one chunk; each original
// source is one module, sized by its bytes in the build (the largest copy when two chunks
// ship it), its reasons taken from the bundler stats when there are some.
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "report/stats_report.h"

namespace kiln::report {

namespace {

using nlohmann::ordered_json;

struct Module {
  uint64_t size = 0;
  std::set<uint32_t> chunks;
};

bool is_code(scan::FileKind k) {
  return k == scan::FileKind::script || k == scan::FileKind::stylesheet;
}

}  // namespace

std::string webpack_stats_json(const pipeline::Analysis& a, const std::string& base) {
  // Chunks: files with a map, or with modules in bundler stats; numbered in path order.
  std::set<scan::FileId> chunk_files;
  for (const auto& b : a.bundles)
    if (b.error.empty()) chunk_files.insert(b.file);
  for (const auto& l : a.stats)
    for (const auto& [id, o] : l.files)
      if (is_code(a.files[id].kind)) chunk_files.insert(id);
  std::map<scan::FileId, uint32_t> chunk_of;
  for (auto id : chunk_files) chunk_of.emplace(id, static_cast<uint32_t>(chunk_of.size()));

  std::map<std::string, Module> modules;  // "./src/x.js" -> size, chunks
  std::map<std::string, std::set<std::string>> reasons;
  auto add = [&](const std::string& path, uint32_t chunk, uint64_t bytes) {
    auto& m = modules["./" + path];
    m.size = std::max(m.size, bytes);
    m.chunks.insert(chunk);
  };
  std::set<scan::FileId> mapped;
  for (const auto& b : a.bundles) {
    if (!b.error.empty()) continue;
    mapped.insert(b.file);
    std::map<std::string, uint64_t> in_file;
    for (const auto& s : b.sources)
      if (!s.no_source) in_file[s.path] += s.bytes.raw;
    for (const auto& [path, bytes] : in_file) add(path, chunk_of[b.file], bytes);
  }
  for (const auto& l : a.stats) {
    for (const auto& [id, o] : l.files)
      if (chunk_of.count(id) && !mapped.count(id))
        for (const auto& [m, bytes] : l.stats.outputs[o].modules) add(l.stats.modules[m].path, chunk_of[id], bytes);
    for (const auto& m : l.stats.modules)
      for (auto imp : m.importers) reasons["./" + m.path].insert("./" + l.stats.modules[imp].path);
  }

  ordered_json assets = ordered_json::array(), chunks = ordered_json::array(), mods = ordered_json::array();
  std::set<scan::FileId> initial, entry;
  for (const auto& e : a.graph.entries) {
    initial.insert(e.initial.begin(), e.initial.end());
    for (const auto& edge : a.graph.edges)
      if (edge.from == e.file && edge.load == graph::Load::initial) entry.insert(edge.to);
  }
  std::map<uint32_t, uint64_t> chunk_size;
  for (const auto& [name, m] : modules)
    for (auto c : m.chunks) chunk_size[c] += m.size;
  for (const auto& [id, c] : chunk_of) {
    ordered_json asset;
    asset["name"] = a.files[id].path;
    asset["size"] = a.files[id].size;
    asset["chunks"] = {c};
    asset["chunkNames"] = ordered_json::array();
    // webpack-bundle-analyzer parses the asset as a module or a script by this flag.
    bool esm = id < a.parsed.size() && a.parsed[id].is_module;
    asset["info"] = {{"javascriptModule", esm}};
    assets.push_back(asset);
    ordered_json chunk;
    chunk["id"] = c;
    chunk["names"] = ordered_json::array();
    chunk["files"] = {a.files[id].path};
    chunk["size"] = chunk_size[c];
    chunk["initial"] = initial.count(id) > 0;
    chunk["entry"] = entry.count(id) > 0;
    chunk["rendered"] = true;
    chunks.push_back(chunk);
  }
  for (const auto& [name, m] : modules) {
    ordered_json j;
    j["id"] = name;
    j["identifier"] = name;
    j["name"] = name;
    j["size"] = m.size;
    j["chunks"] = std::vector<uint32_t>(m.chunks.begin(), m.chunks.end());
    ordered_json rs = ordered_json::array();
    if (auto it = reasons.find(name); it != reasons.end())
      for (const auto& r : it->second) rs.push_back({{"moduleName", r}, {"type", "import"}});
    j["reasons"] = rs;
    mods.push_back(j);
  }
  ordered_json entrypoints = ordered_json::object();
  for (const auto& e : a.graph.entries) {
    ordered_json ids = ordered_json::array(), files = ordered_json::array();
    for (auto id : e.initial)
      if (auto it = chunk_of.find(id); it != chunk_of.end()) {
        ids.push_back(it->second);
        files.push_back({{"name", a.files[id].path}, {"size", a.files[id].size}});
      }
    const auto& page = a.files[e.file].path;
    entrypoints[page] = {{"name", page}, {"chunks", ids}, {"assets", files}};
  }
  ordered_json top;
  top["version"] = "5.0.0";
  top["kiln"] = "analyze --format webpack-stats: chunks are files with maps, modules their original sources";
  top["publicPath"] = base;
  top["assets"] = assets;
  top["chunks"] = chunks;
  top["modules"] = mods;
  top["entrypoints"] = entrypoints;
  top["errors"] = ordered_json::array();
  top["warnings"] = ordered_json::array();
  return top.dump(1, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace kiln::report
