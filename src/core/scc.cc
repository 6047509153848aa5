#include "core/scc.h"

#include <algorithm>

namespace kiln {

std::vector<std::vector<uint32_t>> strongly_connected_components(
    const std::vector<std::vector<uint32_t>>& adj) {
  size_t n = adj.size();
  std::vector<int64_t> index(n, -1), low(n, 0);
  std::vector<char> on_stack(n, 0);
  std::vector<uint32_t> stack;
  std::vector<std::vector<uint32_t>> out;
  int64_t counter = 0;
  struct Frame {
    uint32_t v;
    size_t next;
  };
  for (uint32_t root = 0; root < n; ++root) {
    if (index[root] >= 0) continue;
    std::vector<Frame> call{{root, 0}};
    index[root] = low[root] = counter++;
    stack.push_back(root);
    on_stack[root] = 1;
    while (!call.empty()) {
      Frame& f = call.back();
      if (f.next < adj[f.v].size()) {
        uint32_t w = adj[f.v][f.next++];
        if (index[w] < 0) {
          index[w] = low[w] = counter++;
          stack.push_back(w);
          on_stack[w] = 1;
          call.push_back({w, 0});
        } else if (on_stack[w]) {
          low[f.v] = std::min(low[f.v], index[w]);
        }
        continue;
      }
      uint32_t v = f.v;
      call.pop_back();
      if (!call.empty()) low[call.back().v] = std::min(low[call.back().v], low[v]);
      if (low[v] != index[v]) continue;
      std::vector<uint32_t> scc;
      uint32_t w;
      do {
        w = stack.back();
        stack.pop_back();
        on_stack[w] = 0;
        scc.push_back(w);
      } while (w != v);
      std::sort(scc.begin(), scc.end());
      out.push_back(std::move(scc));
    }
  }
  return out;
}

}  // namespace kiln
