// Dominator tree of a directed graph given as adjacency lists over node indexes 0..n-1,
// from one root (Cooper, Harvey and Kennedy, "A Simple, Fast Dominance Algorithm", 2001:
// iterate idom(v) = intersection of the dominators of v's processed predecessors in reverse
// postorder until nothing changes; near-linear on the shallow, mostly acyclic graphs of
// module imports). Node d dominates v when every path from the root to v passes through d.
// Split-point advice (advice/) reads it; it knows nothing of modules.
#pragma once

#include <cstdint>
#include <vector>

namespace kiln {

inline constexpr uint32_t kNotReached = ~uint32_t{0};

struct DominatorTree {
  // The immediate dominator of each node; idom[root] == root; kNotReached for nodes the root
  // does not reach.
  std::vector<uint32_t> idom;
  // The reached nodes in reverse postorder (root first): every node comes after its idom.
  std::vector<uint32_t> order;
};

DominatorTree dominator_tree(const std::vector<std::vector<uint32_t>>& successors, uint32_t root);

}  // namespace kiln
