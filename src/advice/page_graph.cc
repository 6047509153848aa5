#include "advice/page_graph.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

namespace kiln::advice {

std::optional<uint32_t> PageGraph::package_node(const std::string& name) const {
  auto it = std::lower_bound(packages.begin(), packages.end(), name);
  if (it == packages.end() || *it != name) return std::nullopt;
  return modules + static_cast<uint32_t>(it - packages.begin());
}

std::string PageGraph::name(const source::SourceGraph& g, uint32_t node) const {
  return is_package(node) ? packages[node - modules] : g.modules[node].path;
}

namespace {

bool is_dynamic_kind(source::ImportKind k) {
  return source::Edge{0, 0, 0, k}.is_dynamic();
}

// The `dependencies` of node_modules/KEY/package.json (KEY: a name or a nested install path);
// empty when it is not there.
std::vector<std::string> package_dependencies(fs::Disk& disk, const std::string& root, const std::string& name) {
  auto text = disk.read_file(fs::join_path(root, "node_modules/" + name + "/package.json"));
  std::vector<std::string> out;
  if (!text) return out;
  auto json = nlohmann::json::parse(*text, nullptr, false);
  if (!json.is_object() || !json.contains("dependencies") || !json["dependencies"].is_object()) return out;
  for (auto& [k, v] : json["dependencies"].items()) out.push_back(k);
  return out;
}

}  // namespace

PageGraph build_page_graph(fs::Disk& disk, const source::SourceGraph& g, const std::vector<std::string>& extra_packages,
                           bool package_deps) {
  PageGraph pg;
  pg.modules = static_cast<uint32_t>(g.modules.size());
  std::set<std::string> names(extra_packages.begin(), extra_packages.end());
  for (auto& use : g.packages)
    if (!use.workspace && !use.type_only) names.insert(use.package);
  pg.packages.assign(names.begin(), names.end());

  // (from, to, dynamic) -> the first import, in source order.
  std::map<std::tuple<uint32_t, uint32_t, bool>, Link> grouped;
  auto add = [&](Link l) {
    auto key = std::make_tuple(l.from, l.to, l.dynamic);
    auto it = grouped.find(key);
    if (it == grouped.end() || std::tie(l.line, l.column) < std::tie(it->second.line, it->second.column)) grouped[key] = l;
  };
  for (auto& e : g.edges) {
    if (e.type_only || e.kind == source::ImportKind::reference) continue;
    add(Link{e.from, e.to, e.import_index, e.line, e.column, e.is_dynamic(), false});
  }
  for (auto& use : g.packages) {
    if (use.workspace || use.type_only) continue;
    auto kind = g.modules[use.from].facts.imports[use.import_index].kind;
    if (kind == source::ImportKind::reference) continue;
    add(Link{use.from, *pg.package_node(use.package), use.import_index, use.line, use.column, is_dynamic_kind(kind), false});
  }
  // A dependency resolves the way Node finds it: the copy nested in the package's own
  // node_modules, else in each enclosing package's, else the top-level one.
  auto resolve_dep = [&](std::string from, const std::string& dep) -> std::optional<uint32_t> {
    for (;;) {
      if (auto to = pg.package_node(from + "/node_modules/" + dep)) return to;
      size_t up = from.rfind("/node_modules/");
      if (up == std::string::npos) return pg.package_node(dep);
      from.resize(up);
    }
  };
  if (package_deps)
    for (uint32_t i = 0; i < pg.packages.size(); ++i)
      for (auto& dep : package_dependencies(disk, g.project.root, pg.packages[i]))
        if (auto to = resolve_dep(pg.packages[i], dep)) add(Link{pg.modules + i, *to, 0, 0, 0, false, true});

  for (auto& [key, l] : grouped) pg.links.push_back(l);
  std::sort(pg.links.begin(), pg.links.end(), [](const Link& a, const Link& b) {
    return std::tie(a.from, a.line, a.column, a.to, a.dynamic) < std::tie(b.from, b.line, b.column, b.to, b.dynamic);
  });
  pg.out.resize(pg.size());
  for (uint32_t i = 0; i < pg.links.size(); ++i) pg.out[pg.links[i].from].push_back(i);
  return pg;
}

}  // namespace kiln::advice
