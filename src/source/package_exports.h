// package.json `exports` and `imports` as Node resolves them (PACKAGE_EXPORTS_RESOLVE,
// PACKAGE_IMPORTS_RESOLVE): exact subpaths, `*` subpath patterns (the longest prefix wins),
// conditions matched in the order the package wrote them (not the caller's order), nested
// condition objects, arrays (first valid target), and null targets that exclude a path.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace kiln::source {

// The target (e.g. "./dist/index.mjs") that `subpath` ("." or "./x", or "#x" for imports)
// maps to under `conditions`; empty when the map has no match or excludes it.
std::optional<std::string> match_package_map(const nlohmann::ordered_json& map, const std::string& subpath,
                                             const std::vector<std::string>& conditions);

// Node's built-in modules ("fs", "node:fs", "fs/promises", "node:test").
bool is_node_builtin(const std::string& specifier);

// "@scope/name/sub" -> "@scope/name"; "name/sub" -> "name"; empty for a non-package.
std::string package_name_of(const std::string& specifier);

}  // namespace kiln::source
