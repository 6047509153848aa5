#include "advice/tree_shaking.h"

#include <algorithm>
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

// Packages whose whole-package import ships everything while a per-function entry exists.
bool per_function_package(const std::string& name) {
  static const std::set<std::string> known = {"lodash", "underscore", "@mui/icons-material", "@material-ui/icons",
                                              "lucide-react", "date-fns", "@tabler/icons-react"};
  return known.count(name) || name.rfind("react-icons", 0) == 0 || name.rfind("@fortawesome/", 0) == 0;
}

double weight(const Bytes& b) { return static_cast<double>(b.brotli); }

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
    for (auto& use : g.packages) {
      if (use.package != miss.package || use.type_only || !in_static[use.from]) continue;
      const auto& m = g.modules[use.from];
      const auto& rec = m.facts.imports[use.import_index];
      if (source::Edge{0, 0, 0, rec.kind}.is_dynamic()) continue;
      if (first) miss.file = use.from, miss.line = use.line, miss.column = use.column, first = false;
      std::string at = m.path + ":" + std::to_string(use.line) + ":" + std::to_string(use.column);
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

}  // namespace kiln::advice
