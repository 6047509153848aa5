#include "graph/package_entries.h"

#include <nlohmann/json.hpp>

#include "core/json_reader.h"

namespace kiln::graph {

namespace {

using nlohmann::json;

// The file a conditions object (or a string) of "exports" names for a browser build.
std::string export_target(const json& node, int depth = 0) {
  if (node.is_string()) return node.get<std::string>();
  if (!node.is_object() || depth > 8) return "";
  for (const char* condition : {"import", "module", "browser", "default", "require"})
    if (auto it = node.find(condition); it != node.end())
      if (std::string t = export_target(*it, depth + 1); !t.empty()) return t;
  return "";
}

}  // namespace

Result<std::vector<PackageEntry>> package_entries(std::string_view package_json) {
  auto parsed = parse_json_text(package_json, "package.json", false);
  if (!parsed) return Error{parsed.error()};
  const json& j = *parsed;
  if (!j.is_object()) return Error{"package.json: expected a JSON object"};
  std::vector<PackageEntry> out;
  auto add = [&](const char* field, std::string path) {
    if (path.starts_with("./")) path.erase(0, 2);
    if (path.empty() || path.find('*') != std::string::npos) return;  // patterns name no file
    for (const auto& e : out)
      if (e.path == path) return;
    out.push_back({field, std::move(path)});
  };
  if (auto it = j.find("exports"); it != j.end()) {
    const json& ex = *it;
    bool subpaths = ex.is_object() && !ex.empty() && ex.begin().key().starts_with(".");
    if (!subpaths) add("exports", export_target(ex));
    else if (auto dot = ex.find("."); dot != ex.end()) add("exports", export_target(*dot));
  }
  for (const char* field : {"module", "browser", "main"})
    if (auto it = j.find(field); it != j.end() && it->is_string()) add(field, it->get<std::string>());
  return out;
}

}  // namespace kiln::graph
