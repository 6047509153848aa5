// Strongly connected components of a directed graph given as adjacency lists over node
// indexes 0..n-1 (Tarjan's algorithm, iterative: real chunk graphs are deep enough to
// overflow a recursive walk). Components come out in reverse topological order: every
// component appears after all components it has edges into, which is the order to process
// things that depend on their targets (hash a file after the files it names).
#pragma once

#include <cstdint>
#include <vector>

namespace kiln {

std::vector<std::vector<uint32_t>> strongly_connected_components(
    const std::vector<std::vector<uint32_t>>& adjacency);

}  // namespace kiln
