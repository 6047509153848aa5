#include "source/module_graph.h"

#include <algorithm>

#include "core/digest.h"
#include "core/parallel.h"
#include "core/progress.h"
#include "scan/scanner.h"
#include "source/facts_codec.h"
#include "source/resolver.h"

namespace kiln::source {

namespace {

constexpr std::string_view kCacheNamespace = "source-facts";
constexpr std::string_view kExtractorVersion = "source-facts-1";

// Reads and extracts one file, through the content cache.
void extract_one(fs::Disk& disk, const std::string& root, SourceModule& m, cache::ContentCache& cache,
                 Diagnostics& diags, bool& hit) {
  auto text = disk.read_file(fs::join_path(root, m.path));
  if (!text) return diags.error(m.path, text.error());
  std::string key;
  if (cache.enabled()) {
    KeyHasher h;
    h.add(kExtractorVersion).add(std::string(1, static_cast<char>(m.syntax))).add(*text);
    key = h.hex();
    if (auto bytes = cache.get(kCacheNamespace, key))
      if (auto facts = decode_facts(*bytes)) {
        m.facts = std::move(*facts);
        hit = true;
        return;
      }
  }
  thread_local SourceExtractor extractor;
  m.facts = extractor.extract(m.syntax, *text);
  if (cache.enabled()) cache.put(kCacheNamespace, key, encode_facts(m.facts));
}

struct Resolved {
  std::vector<Edge> edges;
  std::vector<PackageUse> packages;
  std::vector<UnresolvedImport> unresolved;
  uint64_t builtins = 0;
};

void resolve_one(const Resolver& resolver, const std::vector<SourceModule>& modules, uint32_t id, Resolved& out) {
  const auto& m = modules[id];
  for (uint32_t i = 0; i < m.facts.imports.size(); ++i) {
    const auto& imp = m.facts.imports[i];
    auto edge = [&](uint32_t to) {
      out.edges.push_back(Edge{id, to, i, imp.kind, imp.type_only, imp.line, imp.column});
    };
    if (imp.kind == ImportKind::glob) {
      for (uint32_t to : resolver.glob(m.path, imp.specifier)) edge(to);
      continue;
    }
    auto r = resolver.resolve(m.path, imp.specifier, imp.kind);
    switch (r.target) {
      case Target::file:
        edge(r.file);
        // A workspace package by name is a dependency too (it must be listed).
        if (!r.package.empty()) out.packages.push_back(PackageUse{id, i, r.package, imp.type_only, imp.line, imp.column, true});
        break;
      case Target::package: out.packages.push_back(PackageUse{id, i, r.package, imp.type_only, imp.line, imp.column}); break;
      case Target::builtin: ++out.builtins; break;
      case Target::unresolved:
        out.unresolved.push_back(UnresolvedImport{id, imp.specifier, std::move(r.tried), imp.line, imp.column});
        break;
      case Target::skipped: break;
    }
  }
}

}  // namespace

bool disable_convention(Conventions& c, const std::string& name) {
  for (auto [n, flag] : {std::pair{"vite", &c.vite}, {"next", &c.next}, {"tests", &c.tests}, {"configs", &c.configs},
                         {"index", &c.index}, {"storybook", &c.storybook}})
    if (name == n) return !(*flag = false);
  return false;
}

std::optional<uint32_t> SourceGraph::find(const std::string& path) const {
  auto it = std::lower_bound(modules.begin(), modules.end(), path,
                             [](const SourceModule& m, const std::string& p) { return m.path < p; });
  if (it == modules.end() || it->path != path) return std::nullopt;
  return static_cast<uint32_t>(it - modules.begin());
}

Result<SourceGraph> build_source_graph(fs::Disk& disk, const std::string& root, const GraphOptions& options,
                                       cache::ContentCache& cache, Diagnostics& diags, Perf& perf) {
  SourceGraph g;
  g.project.root = root;
  std::vector<std::string> paths;
  {
    auto t = perf.phase("scan");
    load_graph_config(disk, root, g.project, diags);
    auto& cfg = g.project.config;
    cfg.entries.insert(cfg.entries.end(), options.entries.begin(), options.entries.end());
    for (auto& name : options.no_conventions)
      if (!disable_convention(cfg.conventions, name)) diags.error("", "--no-convention: unknown convention '" + name + "'");
    scan::ScanOptions so;
    so.exclude = {"node_modules", ".git", ".kiln-cache"};
    so.exclude.insert(so.exclude.end(), g.project.gitignore.begin(), g.project.gitignore.end());
    so.exclude.insert(so.exclude.end(), options.exclude.begin(), options.exclude.end());
    auto scanned = scan::scan_tree(disk, root, so, diags);
    if (!scanned) return Error{scanned.error()};
    g.modules.reserve(scanned->files.size());
    for (auto& f : scanned->files) {
      SourceModule m;
      m.path = f.path;
      m.bytes = f.size;
      m.syntax = source_syntax(f.path);
      paths.push_back(f.path);
      g.modules.push_back(std::move(m));
    }
    load_project_files(disk, paths, g.project, diags);
  }
  {
    auto t = perf.phase("extract");
    std::vector<uint32_t> work;
    for (uint32_t i = 0; i < g.modules.size(); ++i)
      if (g.modules[i].syntax != SourceSyntax::none) work.push_back(i);
    // Largest first, so one big file does not finish last on its own.
    std::stable_sort(work.begin(), work.end(), [&](uint32_t a, uint32_t b) { return g.modules[a].bytes > g.modules[b].bytes; });
    std::vector<uint8_t> hits(work.size(), 0);
    Progress progress(options.progress, "extract", work.size());
    parallel_for(work.size(), options.jobs, [&](size_t k) {
      bool hit = false;
      extract_one(disk, root, g.modules[work[k]], cache, diags, hit);
      hits[k] = hit;
      progress.advance();
    });
    progress.finish();
    g.parsed = work.size();
    g.from_cache = static_cast<uint64_t>(std::count(hits.begin(), hits.end(), 1));
    for (auto& m : g.modules)
      if (m.facts.has_errors)
        diags.add(Diagnostic{Severity::warning, m.path, m.facts.error_line, m.facts.error_column,
                             "syntax error; the imports and exports around it may be incomplete"});
  }
  {
    auto t = perf.phase("resolve");
    Resolver resolver(g.project, paths);
    std::vector<Resolved> slots(g.modules.size());
    parallel_for(g.modules.size(), options.jobs, [&](size_t i) {
      resolve_one(resolver, g.modules, static_cast<uint32_t>(i), slots[i]);
    });
    for (auto& s : slots) {
      g.edges.insert(g.edges.end(), s.edges.begin(), s.edges.end());
      for (auto& p : s.packages) g.packages.push_back(std::move(p));
      for (auto& u : s.unresolved) g.unresolved.push_back(std::move(u));
      g.builtin_imports += s.builtins;
    }
  }
  return g;
}

}  // namespace kiln::source
