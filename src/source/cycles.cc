// Import cycles: the strongly connected components of the static import graph between code
// files (import, export … from, require), each with one chain of imports that closes it,
// file:line per edge. Cycles closed only through type imports are reported apart: they
// vanish at build.
#include <algorithm>
#include <deque>

#include "core/scc.h"
#include "source/findings.h"

namespace kiln::source {

namespace {

bool runtime_kind(ImportKind k) {
  return k == ImportKind::static_import || k == ImportKind::reexport || k == ImportKind::require;
}

// The shortest chain that leaves through `first` and comes back to its start, inside
// `member` (BFS from first's target).
std::vector<Edge> closing_chain(const std::vector<std::vector<const Edge*>>& out, const std::vector<uint8_t>& member,
                                const Edge& first) {
  uint32_t start = first.from;
  if (first.to == start) return {first};
  std::vector<const Edge*> via(member.size(), nullptr);
  std::deque<uint32_t> queue{first.to};
  std::vector<uint8_t> seen(member.size(), 0);
  seen[first.to] = 1;
  while (!queue.empty()) {
    uint32_t m = queue.front();
    queue.pop_front();
    for (const Edge* e : out[m]) {
      if (!member[e->to]) continue;
      if (e->to == start) {
        std::vector<Edge> chain{*e};
        for (uint32_t at = m; at != first.to; at = via[at]->from) chain.push_back(*via[at]);
        chain.push_back(first);
        std::reverse(chain.begin(), chain.end());
        return chain;
      }
      if (!seen[e->to]) seen[e->to] = 1, via[e->to] = e, queue.push_back(e->to);
    }
  }
  return {};
}

std::vector<Cycle> cycles_of(const SourceGraph& g, bool with_types) {
  size_t n = g.modules.size();
  std::vector<std::vector<uint32_t>> adj(n);
  std::vector<std::vector<const Edge*>> out(n);
  for (auto& e : g.edges) {
    if (!runtime_kind(e.kind) || (e.type_only && !with_types)) continue;
    if (!is_code(g.modules[e.from].syntax) || !is_code(g.modules[e.to].syntax)) continue;
    // One edge per (from, to) pair: the first import, in source order.
    if (std::find(adj[e.from].begin(), adj[e.from].end(), e.to) != adj[e.from].end()) continue;
    adj[e.from].push_back(e.to);
    out[e.from].push_back(&e);
  }
  std::vector<Cycle> cycles;
  std::vector<uint8_t> member(n, 0);
  for (auto& comp : strongly_connected_components(adj)) {
    bool self = comp.size() == 1 && std::find(adj[comp[0]].begin(), adj[comp[0]].end(), comp[0]) != adj[comp[0]].end();
    if (comp.size() < 2 && !self) continue;
    Cycle c;
    c.files = comp;
    std::sort(c.files.begin(), c.files.end());
    for (auto m : c.files) member[m] = 1;
    // Through a type import when there is one (what makes a typed component differ), else
    // from the first file's first import inside the component.
    const Edge* first = nullptr;
    for (auto m : c.files)
      for (const Edge* e : out[m])
        if (member[e->to] && (!first || (e->type_only && !first->type_only))) first = e;
    if (first) c.chain = closing_chain(out, member, *first);
    for (auto m : c.files) member[m] = 0;
    cycles.push_back(std::move(c));
  }
  return cycles;
}

}  // namespace

void find_cycles(const SourceGraph& g, Findings& f) {
  auto runtime = cycles_of(g, false);
  auto all = cycles_of(g, true);
  for (auto& c : all) {
    // A component of the typed graph that no runtime component equals is closed by types.
    bool same = std::any_of(runtime.begin(), runtime.end(), [&](const Cycle& r) { return r.files == c.files; });
    if (same) continue;
    c.type_only = true;
    runtime.push_back(std::move(c));
  }
  std::sort(runtime.begin(), runtime.end(), [](const Cycle& a, const Cycle& b) {
    return a.type_only != b.type_only ? !a.type_only : a.files < b.files;
  });
  f.cycles = std::move(runtime);
}

Findings analyze_graph(fs::Disk& disk, const SourceGraph& g, const FindingOptions& options) {
  Findings f;
  f.entries = find_entries(disk, g);
  find_unused(g, f);
  find_dependency_issues(disk, g, options, f);
  find_cycles(g, f);
  return f;
}

}  // namespace kiln::source
