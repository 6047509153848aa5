// Cooper-Harvey-Kennedy iterative dominators (see dominators.h). The depth-first walk is
// iterative: real import graphs are deep enough to overflow a recursive one.
#include "core/dominators.h"

#include <cstddef>
#include <utility>

namespace kiln {

DominatorTree dominator_tree(const std::vector<std::vector<uint32_t>>& successors, uint32_t root) {
  const size_t n = successors.size();
  DominatorTree t;
  t.idom.assign(n, kNotReached);
  if (root >= n) return t;
  // Postorder numbers by an explicit-stack DFS.
  std::vector<uint32_t> post(n, kNotReached), postorder;
  std::vector<uint8_t> seen(n, 0);
  std::vector<std::pair<uint32_t, size_t>> stack{{root, 0}};
  seen[root] = 1;
  while (!stack.empty()) {
    auto& [v, next] = stack.back();
    if (next < successors[v].size()) {
      uint32_t w = successors[v][next++];
      if (w < n && !seen[w]) {
        seen[w] = 1;
        stack.push_back({w, 0});
      }
      continue;
    }
    post[v] = static_cast<uint32_t>(postorder.size());
    postorder.push_back(v);
    stack.pop_back();
  }
  t.order.assign(postorder.rbegin(), postorder.rend());
  std::vector<std::vector<uint32_t>> preds(n);
  for (uint32_t v : t.order)
    for (uint32_t w : successors[v])
      if (w < n && seen[w]) preds[w].push_back(v);
  auto intersect = [&](uint32_t a, uint32_t b) {
    while (a != b) {
      while (post[a] < post[b]) a = t.idom[a];
      while (post[b] < post[a]) b = t.idom[b];
    }
    return a;
  };
  t.idom[root] = root;
  for (bool changed = true; changed;) {
    changed = false;
    for (size_t i = 1; i < t.order.size(); ++i) {
      uint32_t v = t.order[i], best = kNotReached;
      for (uint32_t p : preds[v]) {
        if (t.idom[p] == kNotReached) continue;
        best = best == kNotReached ? p : intersect(p, best);
      }
      if (best != t.idom[v]) {
        t.idom[v] = best;
        changed = true;
      }
    }
  }
  return t;
}

}  // namespace kiln
