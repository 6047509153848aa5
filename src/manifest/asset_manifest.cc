#include "manifest/asset_manifest.h"

#include <algorithm>
#include <set>

#include "graph/asset_graph.h"

namespace kiln::manifest {

using nlohmann::ordered_json;
using parse::RefKind;
using scan::FileId;

Result<NameHistory> read_history(const std::string& text, const std::string& base) {
  NameHistory h;
  if (text.empty()) return h;
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    return Error{"not JSON (" + std::string(e.what()) + "); kiln will not overwrite it"};
  }
  if (!j.is_object()) return Error{"not an asset manifest (expected an object of names); kiln will not overwrite it"};
  for (const auto& [k, v] : j.items()) {
    if (!v.is_string())
      return Error{"not an asset manifest (\"" + k + "\" is not a string: a web app manifest?); "
                   "give kiln's manifest another name with --manifest asset-manifest.json"};
    std::string value = v.get<std::string>();
    if (value.rfind(base, 0) == 0) value = value.substr(base.size());
    h[k] = value;
  }
  return h;
}

bool listed_in_manifest(const std::string& path, const std::vector<std::string>& own_outputs) {
  if (scan::kind_from_path(path) == scan::FileKind::sidecar) return false;
  if (path == "_headers") return false;
  return std::find(own_outputs.begin(), own_outputs.end(), path) == own_outputs.end();
}

namespace {

// The original name of a file now at `final_path`.
std::string original_name(const NameHistory& history, const std::string& old_path) {
  for (const auto& [k, v] : history)
    if (v == old_path) return k;
  return old_path;
}

}  // namespace

ordered_json webpack_manifest(const pipeline::Analysis& a, const hash::HashPlan& plan,
                              const NameHistory& history, const std::string& base,
                              const std::vector<std::string>& own_outputs) {
  std::map<std::string, std::string> entries;
  for (FileId id = 0; id < a.files.size(); ++id) {
    if (!listed_in_manifest(a.files[id].path, own_outputs)) continue;
    entries[original_name(history, a.files[id].path)] = base + plan.final_paths[id];
  }
  ordered_json j = ordered_json::object();
  for (const auto& [k, v] : entries) j[k] = v;
  return j;
}

ordered_json chunk_manifest(const pipeline::Analysis& a, const hash::HashPlan& plan,
                            const NameHistory& history, const std::vector<std::string>& integrity) {
  size_t n = a.files.size();
  std::vector<char> is_entry(n, 0), is_dynamic(n, 0);
  std::vector<std::set<FileId>> page_css_of_entry(n);
  for (FileId x = 0; x < n; ++x) {
    const auto& rs = a.parsed[x].refs;
    std::vector<FileId> scripts, sheets;
    for (size_t ri = 0; ri < rs.size(); ++ri) {
      FileId t = a.graph.ref_targets[x][ri];
      if (t == graph::kNoTarget) continue;
      if (rs[ri].kind == RefKind::html_script) scripts.push_back(t), is_entry[t] = 1;
      if (rs[ri].kind == RefKind::html_link && rs[ri].rel.find("stylesheet") != std::string::npos) sheets.push_back(t);
      if (rs[ri].kind == RefKind::js_dynamic_import || rs[ri].kind == RefKind::js_chunk) is_dynamic[t] = 1;
    }
    for (FileId s : scripts) page_css_of_entry[s].insert(sheets.begin(), sheets.end());
  }
  for (const auto& e : a.graph.entries)
    if (a.files[e.file].kind == scan::FileKind::script) is_entry[e.file] = 1;

  std::map<std::string, ordered_json> out;
  for (FileId x = 0; x < n; ++x) {
    auto kind = a.files[x].kind;
    if (kind != scan::FileKind::script && kind != scan::FileKind::stylesheet) continue;
    std::string key = original_name(history, a.files[x].path);
    ordered_json j;
    j["file"] = plan.final_paths[x];
    j["src"] = key;
    if (is_entry[x]) j["isEntry"] = true;
    if (is_dynamic[x]) j["isDynamicEntry"] = true;
    std::set<std::string> imports, dynamic_imports, css, assets;
    const auto& rs = a.parsed[x].refs;
    for (size_t ri = 0; ri < rs.size(); ++ri) {
      FileId t = a.graph.ref_targets[x][ri];
      if (t == graph::kNoTarget || graph::load_of(rs[ri]) == graph::Load::none) continue;
      auto tk = a.files[t].kind;
      std::string tkey = original_name(history, a.files[t].path);
      if (rs[ri].kind == RefKind::js_dynamic_import || rs[ri].kind == RefKind::js_chunk) dynamic_imports.insert(tkey);
      else if (tk == scan::FileKind::script && rs[ri].kind != RefKind::js_worker && rs[ri].kind != RefKind::js_url)
        imports.insert(tkey);
      else if (tk == scan::FileKind::stylesheet) css.insert(plan.final_paths[t]);
      else assets.insert(plan.final_paths[t]);
    }
    for (FileId s : page_css_of_entry[x]) css.insert(plan.final_paths[s]);
    auto list = [](const std::set<std::string>& s) { return ordered_json(std::vector<std::string>(s.begin(), s.end())); };
    if (!imports.empty()) j["imports"] = list(imports);
    if (!dynamic_imports.empty()) j["dynamicImports"] = list(dynamic_imports);
    if (!css.empty()) j["css"] = list(css);
    if (!assets.empty()) j["assets"] = list(assets);
    if (!integrity[x].empty()) j["integrity"] = integrity[x];
    out[key] = std::move(j);
  }
  ordered_json j = ordered_json::object();
  for (auto& [k, v] : out) j[k] = std::move(v);
  return j;
}

}  // namespace kiln::manifest
