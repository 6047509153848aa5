// The source module graph of an app, as plain data: every scanned file (index = FileId),
// what each code file imports and exports (ModuleFacts), and the resolved edges with kind
// and file:line:column. Built by build_source_graph (scan -> extract -> resolve); the
// findings (source/findings.h) and, later, split-point advice read it. Nothing here holds a
// parser, a JSON handle or a file descriptor.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cache/content_cache.h"
#include "core/diagnostics.h"
#include "core/perf.h"
#include "fs/disk.h"
#include "source/extractor.h"
#include "source/facts.h"
#include "source/project.h"

namespace kiln::source {

struct SourceModule {
  std::string path;  // relative to the root
  uint64_t bytes = 0;
  SourceSyntax syntax = SourceSyntax::none;
  ModuleFacts facts;  // empty for files that are not parsed
};

struct Edge {
  uint32_t from = 0, to = 0;
  uint32_t import_index = 0;  // into modules[from].facts.imports
  ImportKind kind = ImportKind::static_import;
  bool type_only = false;
  uint32_t line = 0, column = 0;
  // Loaded on demand (import(), glob, new URL, worker): not part of the static closure.
  bool is_dynamic() const {
    return kind == ImportKind::dynamic_import || kind == ImportKind::glob || kind == ImportKind::url ||
           kind == ImportKind::worker || kind == ImportKind::require_resolve;
  }
};

struct PackageUse {
  uint32_t from = 0, import_index = 0;
  std::string package;
  bool type_only = false;
  uint32_t line = 0, column = 0;
  bool workspace = false;  // a package of this repository, resolved to its files
};

struct UnresolvedImport {
  uint32_t from = 0;
  std::string specifier;
  std::vector<std::string> tried;
  uint32_t line = 0, column = 0;
};

struct SourceGraph {
  Project project;
  std::vector<SourceModule> modules;  // sorted by path; index = FileId
  std::vector<Edge> edges;            // sorted by (from, line, column, to)
  std::vector<PackageUse> packages;   // bare imports of npm packages, in file order
  std::vector<UnresolvedImport> unresolved;
  uint64_t builtin_imports = 0;
  uint64_t parsed = 0, from_cache = 0;

  std::optional<uint32_t> find(const std::string& path) const;
};

struct GraphOptions {
  unsigned jobs = 0;
  bool progress = false;
  std::vector<std::string> exclude;  // globs, besides node_modules, .git and .gitignore's
  std::vector<std::string> entries;  // globs, besides kiln.json graph.entries
  std::vector<std::string> no_conventions;  // vite, next, tests, configs, index, storybook
};

// Turns a convention off by name; false when there is no such convention.
bool disable_convention(Conventions& c, const std::string& name);

// Fails only when `root` is not a readable folder; everything else is a diagnostic.
Result<SourceGraph> build_source_graph(fs::Disk& disk, const std::string& root, const GraphOptions& options,
                                       cache::ContentCache& cache, Diagnostics& diags, Perf& perf);

}  // namespace kiln::source
