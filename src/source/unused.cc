// Reachability from the entries, unused files, and unused exports: every import names what
// it takes from its target; names are followed through re-export chains (`export {a} from`,
// `export *`, `export * as ns`) to the declaring file; a namespace import counts the
// members read from it, or everything when it escapes. Entry files' exports are public.
#include <algorithm>
#include <unordered_set>

#include "core/glob.h"
#include "source/findings.h"

namespace kiln::source {

namespace {

class Usage {
 public:
  explicit Usage(const SourceGraph& g) : g_(g), used_(g.modules.size()), all_(g.modules.size(), 0), out_(g.modules.size()) {
    for (auto& e : g.edges) out_[e.from].push_back(&e);
  }

  // `name` of module `m` is used: mark it, and follow it when `m` only passes it along.
  void mark(uint32_t m, const std::string& name, int depth = 0) {
    if (depth > 64 || all_[m] || !used_[m].insert(name).second) return;
    const auto& facts = g_.modules[m].facts;
    bool local = std::any_of(facts.exports.begin(), facts.exports.end(), [&](const ExportRecord& e) { return e.name == name; });
    for (const Edge* e : out_[m]) {
      if (e->kind != ImportKind::reexport) continue;
      const auto& imp = facts.imports[e->import_index];
      if (!imp.star_as.empty()) {
        if (imp.star_as == name) all(e->to, depth + 1);
      } else if (imp.star) {
        if (!local && name != "default") mark(e->to, name, depth + 1);
      } else {
        for (size_t k = 0; k < imp.aliases.size(); ++k)
          if (imp.aliases[k] == name) mark(e->to, imp.names[k], depth + 1);
      }
    }
  }

  // Every export of `m` is used (an entry, an escaping namespace, a glob import).
  void all(uint32_t m, int depth = 0) {
    if (depth > 64 || all_[m]) return;
    all_[m] = 1;
    const auto& facts = g_.modules[m].facts;
    for (const Edge* e : out_[m]) {
      if (e->kind != ImportKind::reexport) continue;
      const auto& imp = facts.imports[e->import_index];
      if (imp.star || !imp.star_as.empty()) all(e->to, depth + 1);
      else
        for (auto& n : imp.names) mark(e->to, n, depth + 1);
    }
  }

  void take(const Edge& e) {
    const auto& imp = g_.modules[e.from].facts.imports[e.import_index];
    if (e.kind == ImportKind::reexport) return;  // a use only when someone takes it from the re-exporter
    for (auto& n : imp.names) mark(e.to, n);
    if (imp.is_namespace) {
      if (imp.whole) all(e.to);
      for (auto& n : imp.members) mark(e.to, n);
    }
  }

  bool used(uint32_t m, const std::string& name) const { return all_[m] || used_[m].count(name); }

 private:
  const SourceGraph& g_;
  std::vector<std::unordered_set<std::string>> used_;
  std::vector<uint8_t> all_;
  std::vector<std::vector<const Edge*>> out_;
};

// The names a module provides through `export *` (not default), transitively.
void star_names(const SourceGraph& g, const std::vector<std::vector<const Edge*>>& out, uint32_t m,
                std::vector<uint8_t>& seen, std::vector<std::string>& names) {
  if (seen[m]) return;
  seen[m] = 1;
  for (auto& e : g.modules[m].facts.exports)
    if (e.name != "default") names.push_back(e.name);
  for (const Edge* e : out[m])
    if (e->kind == ImportKind::reexport && g.modules[m].facts.imports[e->import_index].star) star_names(g, out, e->to, seen, names);
}

void find_star_conflicts(const SourceGraph& g, Findings& f) {
  std::vector<std::vector<const Edge*>> out(g.modules.size());
  for (auto& e : g.edges) out[e.from].push_back(&e);
  for (uint32_t m = 0; m < g.modules.size(); ++m) {
    std::vector<const Edge*> stars;
    for (const Edge* e : out[m])
      if (e->kind == ImportKind::reexport && g.modules[m].facts.imports[e->import_index].star) stars.push_back(e);
    if (stars.size() < 2) continue;
    std::vector<std::pair<std::string, const Edge*>> provided;
    for (const Edge* e : stars) {
      std::vector<uint8_t> seen(g.modules.size(), 0);
      std::vector<std::string> names;
      star_names(g, out, e->to, seen, names);
      std::sort(names.begin(), names.end());
      names.erase(std::unique(names.begin(), names.end()), names.end());
      for (auto& n : names) provided.emplace_back(n, e);
    }
    std::stable_sort(provided.begin(), provided.end(), [](auto& a, auto& b) { return a.first < b.first; });
    const auto& own = g.modules[m].facts.exports;
    for (size_t i = 0; i + 1 < provided.size();) {
      size_t j = i + 1;
      while (j < provided.size() && provided[j].first == provided[i].first) ++j;
      const auto& name = provided[i].first;
      bool shadowed = std::any_of(own.begin(), own.end(), [&](const ExportRecord& x) { return x.name == name; });
      if (j - i > 1 && !shadowed) {
        StarConflict c{m, name, {}, provided[i + 1].second->line, provided[i + 1].second->column};
        for (size_t k = i; k < j; ++k) c.providers.push_back(provided[k].second->to);
        f.star_conflicts.push_back(std::move(c));
      }
      i = j;
    }
  }
}

}  // namespace

void find_unused(const SourceGraph& g, Findings& f) {
  size_t n = g.modules.size();
  std::vector<uint8_t> is_entry(n, 0);
  for (auto& e : f.entries) is_entry[e.file] = 1;
  // Reachability over every edge kind: a type import or a lazy import still uses the file.
  std::vector<std::vector<uint32_t>> adj(n);
  for (auto& e : g.edges) adj[e.from].push_back(e.to);
  f.reachable.assign(n, 0);
  std::vector<uint32_t> stack;
  for (auto& e : f.entries)
    if (!f.reachable[e.file]) f.reachable[e.file] = 1, stack.push_back(e.file);
  while (!stack.empty()) {
    uint32_t m = stack.back();
    stack.pop_back();
    for (uint32_t t : adj[m])
      if (!f.reachable[t]) f.reachable[t] = 1, stack.push_back(t);
  }
  GlobSet ignored(g.project.config.ignore);
  auto reportable = [&](uint32_t i) {
    const auto& m = g.modules[i];
    return is_code(m.syntax) && !is_declaration_file(m.path) && !(!ignored.empty() && ignored.matches(m.path));
  };
  for (uint32_t i = 0; i < n; ++i)
    if (!f.reachable[i] && reportable(i)) f.unused_files.push_back(i);

  Usage usage(g);
  for (uint32_t i = 0; i < n; ++i)
    if (is_entry[i] || g.modules[i].facts.export_equals) usage.all(i);
  for (auto& e : g.edges) usage.take(e);
  for (uint32_t i = 0; i < n; ++i) {
    if (!f.reachable[i] || is_entry[i] || !reportable(i)) continue;
    for (auto& x : g.modules[i].facts.exports) {
      if (usage.used(i, x.name)) continue;
      UnusedExport u{i, x.name, x.kind, x.line, x.column, x.begin};
      bool type = x.type_only || x.kind == ExportKind::enum_;
      (type ? f.unused_types : f.unused_exports).push_back(std::move(u));
    }
  }
  find_star_conflicts(g, f);
}

}  // namespace kiln::source
