#include "advice/tree_shaking.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "advice/cut_kind.h"

namespace kiln::advice {

namespace {

bool has_key(const nlohmann::json& v, const std::set<std::string>& keys) {
  if (v.is_object())
    for (auto& [k, x] : v.items())
      if (keys.count(k) || has_key(x, keys)) return true;
  if (v.is_array())
    for (auto& x : v)
      if (has_key(x, keys)) return true;
  return false;
}

// True when node_modules/NAME/package.json offers no ES module entry.
bool commonjs_only(fs::Disk& disk, const std::string& root, const std::string& name) {
  auto text = disk.read_file(fs::join_path(root, "node_modules/" + name + "/package.json"));
  if (!text) return false;
  auto json = nlohmann::json::parse(*text, nullptr, false);
  if (!json.is_object()) return false;
  if (json.value("type", "") == "module" || json.contains("module") || json.contains("jsnext:main")) return false;
  if (json.contains("exports") && has_key(json["exports"], {"import", "module"})) return false;
  return true;
}

// True when node_modules/NAME/package.json says `"sideEffects": false`.
bool side_effect_free(fs::Disk& disk, const std::string& root, const std::string& name) {
  auto text = disk.read_file(fs::join_path(root, "node_modules/" + name + "/package.json"));
  if (!text) return false;
  auto json = nlohmann::json::parse(*text, nullptr, false);
  return json.is_object() && json.contains("sideEffects") && json["sideEffects"].is_boolean() &&
         !json["sideEffects"].get<bool>();
}

// Packages whose whole-package import ships everything while a per-function entry exists.
bool per_function_package(const std::string& name) {
  static const std::set<std::string> known = {"lodash", "underscore", "@mui/icons-material", "@material-ui/icons",
                                              "lucide-react", "date-fns", "@tabler/icons-react"};
  return known.count(name) || name.rfind("react-icons", 0) == 0 || name.rfind("@fortawesome/", 0) == 0;
}

double weight(const Bytes& b) { return static_cast<double>(b.brotli); }

bool is_typescript(const std::string& path) {
  for (const char* ext : {".ts", ".tsx", ".mts", ".cts"})
    if (path.size() > std::strlen(ext) && path.compare(path.size() - std::strlen(ext), std::string::npos, ext) == 0) return true;
  return false;
}

bool above(const Bytes& b, double page_total, const SplitOptions& options) {
  double value = weight(b);
  return value > 0 && (value >= static_cast<double>(options.min_bytes) || (page_total > 0 && value >= options.min_share * page_total));
}

// What the app's package.json says: "false" (no file has side effects), "list" (only those
// files), "" (absent: every file may have them).
std::string side_effects_field(fs::Disk& disk, const std::string& root) {
  auto text = disk.read_file(fs::join_path(root, "package.json"));
  if (!text) return "";
  auto json = nlohmann::json::parse(*text, nullptr, false);
  if (!json.is_object() || !json.contains("sideEffects")) return "";
  const auto& v = json["sideEffects"];
  if (v.is_boolean()) return v.get<bool>() ? "" : "false";
  return v.is_array() ? "list" : "";
}

}  // namespace

std::vector<ShakeMiss> find_shake_misses(fs::Disk& disk, const source::SourceGraph& g, const PageGraph& pg,
                                         const std::vector<uint8_t>& in_static, const PageBytes& pb, double page_total,
                                         const SplitOptions& options, const TextOf& text_of) {
  std::vector<ShakeMiss> out;
  for (uint32_t p = pg.modules; p < pg.size(); ++p) {
    double value = weight(pb.node[p]);
    if (!in_static[p] || value <= 0) continue;
    if (value < static_cast<double>(options.min_bytes) && !(page_total > 0 && value >= options.min_share * page_total))
      continue;
    ShakeMiss miss;
    miss.package = pg.packages[p - pg.modules];
    miss.bytes = pb.node[p];
    std::set<std::string> used;
    bool first = true;
    std::vector<std::string> unread;  // imports whose names the importer never reads
    bool all_unread = true;
    for (auto& use : g.packages) {
      if (use.package != miss.package || use.type_only || !in_static[use.from]) continue;
      const auto& m = g.modules[use.from];
      const auto& rec = m.facts.imports[use.import_index];
      if (source::Edge{0, 0, 0, rec.kind}.is_dynamic()) continue;
      if (first) miss.file = use.from, miss.line = use.line, miss.column = use.column, miss.imported = true, first = false;
      std::string at = m.path + ":" + std::to_string(use.line) + ":" + std::to_string(use.column);
      // TypeScript elides an import whose names are never read (they may be types), so only
      // a JavaScript importer keeps one (esbuild 0.25 dropped it from main.ts, kept it from boot.js).
      if (!is_typescript(m.path) && names_unused(text_of(m.path), rec)) unread.push_back(at);
      else all_unread = false;
      bool whole = false;
      auto names = member_uses(text_of(m.path), rec, whole);
      if (rec.is_namespace && rec.whole) whole = true;
      used.insert(names.begin(), names.end());
      if (whole) used.insert("*");
      bool default_or_ns = rec.is_namespace || std::find(rec.names.begin(), rec.names.end(), "default") != rec.names.end();
      if (whole && rec.is_namespace) miss.reasons.push_back("namespace import used whole at " + at);
      if (default_or_ns && per_function_package(miss.package))
        miss.reasons.push_back("whole-package import at " + at + ": the package ships per-function entry points");
    }
    if (!unread.empty() && all_unread) used.clear();
    if (!unread.empty() && all_unread)
      miss.reasons.push_back("imported at " + unread.front() + " but none of the names is read" +
                             (side_effect_free(disk, g.project.root, miss.package)
                                  ? std::string()
                                  : ": its package.json has no \"sideEffects\": false, so the bundler keeps its code"));
    if (commonjs_only(disk, g.project.root, miss.package))
      miss.reasons.insert(miss.reasons.begin(), "CommonJS only: no ES module entry, so unused exports cannot be dropped");
    if (miss.reasons.empty()) continue;
    miss.used.assign(used.begin(), used.end());
    out.push_back(std::move(miss));
  }
  std::sort(out.begin(), out.end(), [](const ShakeMiss& a, const ShakeMiss& b) {
    return a.bytes.brotli != b.bytes.brotli ? a.bytes.brotli > b.bytes.brotli : a.package < b.package;
  });
  return out;
}

std::vector<ShakeMiss> find_unused_module_misses(fs::Disk& disk, const source::SourceGraph& g, const PageGraph& pg,
                                                 const std::vector<uint8_t>& in_static, const PageBytes& pb,
                                                 double page_total, const SplitOptions& options,
                                                 const std::vector<source::UnusedExport>& unused_exports) {
  std::vector<ShakeMiss> out;
  std::map<uint32_t, std::set<std::string>> unused_of;
  for (auto& u : unused_exports)
    if (u.kind != source::ExportKind::type && u.kind != source::ExportKind::interface) unused_of[u.file].insert(u.name);
  std::string side_effects;
  bool side_effects_read = false;
  for (auto& [file, unused] : unused_of) {
    if (file >= pg.modules || !in_static[file] || !above(pb.node[file], page_total, options)) continue;
    const auto& m = g.modules[file];
    std::vector<std::string> values;
    for (auto& e : m.facts.exports)
      if (!e.type_only) values.push_back(e.name);
    if (values.empty() || !std::all_of(values.begin(), values.end(), [&unused_names = unused](auto& v) { return unused_names.count(v) > 0; }))
      continue;
    if (!side_effects_read) side_effects = side_effects_field(disk, g.project.root), side_effects_read = true;
    ShakeMiss miss;
    miss.module = m.path;
    miss.bytes = pb.node[file];
    miss.unused.assign(unused.begin(), unused.end());
    bool first = true;
    for (auto& l : pg.links) {
      if (l.to != file || l.dynamic || l.from_package || !in_static[l.from]) continue;
      const auto& from = g.modules[l.from];
      const auto& rec = from.facts.imports[l.import_index];
      if (first) miss.file = l.from, miss.line = l.line, miss.column = l.column, miss.imported = true, first = false;
      std::string at = from.path + ":" + std::to_string(l.line) + ":" + std::to_string(l.column);
      if (rec.kind == source::ImportKind::reexport)
        miss.reasons.push_back("re-exported through the barrel " + at + ": the bundler keeps the module for its top-level code");
      else if (rec.side_effect)
        miss.reasons.push_back("imported for its side effects at " + at);
      else
        miss.reasons.push_back("imported at " + at + ", none of the names used");
    }
    if (first) continue;  // the page's own entry
    if (side_effects.empty())
      miss.reasons.push_back("package.json has no \"sideEffects\": false, so the bundler must keep its top-level code");
    else if (side_effects == "list")
      miss.reasons.push_back("package.json \"sideEffects\" lists files: is this one of them?");
    out.push_back(std::move(miss));
  }
  return out;
}

}  // namespace kiln::advice
