// The manifests `kiln hash` writes for servers and frameworks:
// - manifest.json in webpack-manifest-plugin's shape: {"assets/app.js": "/assets/app-1a2b3c4d.js"}
//   (original path -> public URL of the final file), sorted by key;
// - a Vite-style chunk manifest (file, src, isEntry, isDynamicEntry, imports, dynamicImports,
//   css, assets) plus each file's SRI `integrity`, for backends that inject tags themselves.
// Both are re-derived on every run; keys keep the names from the first run (read back from the
// previous manifest.json), so running `kiln hash` on its own output changes nothing.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "analysis/analysis.h"
#include "hash/planner.h"

namespace kiln::manifest {

// original path -> final path (no base), read from an existing webpack-style manifest.
using NameHistory = std::map<std::string, std::string>;

// Parses a previous manifest.json. Error when the file is something else (a web app manifest
// shares the name on many sites); empty history when `text` is empty.
Result<NameHistory> read_history(const std::string& text, const std::string& base);

// Files the manifests describe: everything but sidecars, kiln's own outputs and _headers.
bool listed_in_manifest(const std::string& path, const std::vector<std::string>& own_outputs);

nlohmann::ordered_json webpack_manifest(const pipeline::Analysis& a, const hash::HashPlan& plan,
                                        const NameHistory& history, const std::string& base,
                                        const std::vector<std::string>& own_outputs);

// integrity[id] must hold the SRI of each script/stylesheet's final bytes.
nlohmann::ordered_json chunk_manifest(const pipeline::Analysis& a, const hash::HashPlan& plan,
                                      const NameHistory& history, const std::vector<std::string>& integrity);

}  // namespace kiln::manifest
