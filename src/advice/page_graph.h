// The graph split-point advice walks: every module of the source graph, plus one node per npm
// package the app imports (node_modules is not scanned: a package is one unit of bytes, the
// way the maps attribute it), with the imports between them grouped per (importer, target,
// static or dynamic). Type-only imports are left out: they vanish at build.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "fs/disk.h"
#include "source/module_graph.h"

namespace kiln::advice {

struct Link {
  uint32_t from = 0, to = 0;    // nodes
  uint32_t import_index = 0;    // the importer's first import of the target (package links: 0)
  uint32_t line = 0, column = 0;
  bool dynamic = false;
  bool from_package = false;    // a package's dependency (package.json), not an import in code
};

struct PageGraph {
  uint32_t modules = 0;                 // nodes [0, modules) are source-graph FileIds
  std::vector<std::string> packages;    // node modules + i, sorted
  std::vector<Link> links;              // sorted by (from, line, column, to)
  std::vector<std::vector<uint32_t>> out;  // by node: indexes into links

  size_t size() const { return modules + packages.size(); }
  bool is_package(uint32_t node) const { return node >= modules; }
  std::optional<uint32_t> package_node(const std::string& name) const;
  std::string name(const source::SourceGraph& g, uint32_t node) const;
};

// `extra_packages`: packages the dist's maps show that the code does not import by name
// (dependencies of dependencies). With `package_deps`, each package node gets links to the
// packages its node_modules/NAME/package.json lists in `dependencies`, when that file exists.
PageGraph build_page_graph(fs::Disk& disk, const source::SourceGraph& g, const std::vector<std::string>& extra_packages,
                           bool package_deps);

}  // namespace kiln::advice
