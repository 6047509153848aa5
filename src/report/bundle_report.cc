#include "report/bundle_report.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "core/units.h"
#include "sourcemap/source_name.h"

namespace kiln::report {

using nlohmann::json;
using nlohmann::ordered_json;
using sourcemap::BundleSources;
using sourcemap::Bytes;

namespace {

const BundleSources* bundle_of(const pipeline::Analysis& a, scan::FileId id) {
  auto it = std::lower_bound(a.bundles.begin(), a.bundles.end(), id,
                             [](const BundleSources& b, scan::FileId x) { return b.file < x; });
  return it != a.bundles.end() && it->file == id ? &*it : nullptr;
}

bool measured(const pipeline::Analysis& a) {
  return std::any_of(a.bundles.begin(), a.bundles.end(), [](const BundleSources& b) { return b.compressed; });
}

json bytes_json(const Bytes& b) { return {{"raw", b.raw}, {"gzip", b.gzip}, {"brotli", b.brotli}}; }

std::string group_of(const sourcemap::SourceEntry& s) {
  if (s.runtime) return std::string(sourcemap::kBundlerRuntime);
  if (!s.package.empty()) return s.package;
  return sourcemap::app_folder(s.path);
}

json groups_json(const std::vector<GroupBytes>& groups) {
  json out = json::array();
  for (const auto& g : groups) {
    json j = {{"name", g.name}, {"package", g.package}};
    if (!g.versions.empty()) j["versions"] = g.versions;
    j.update(bytes_json(g.bytes));
    out.push_back(j);
  }
  return out;
}

std::vector<scan::FileId> load_of(const graph::Entry& e) {
  std::vector<scan::FileId> all = e.initial;
  all.insert(all.end(), e.lazy.begin(), e.lazy.end());
  std::sort(all.begin(), all.end());
  return all;
}

}  // namespace

std::vector<GroupBytes> group_bytes(const pipeline::Analysis& a, const std::vector<scan::FileId>& files) {
  std::map<std::string, GroupBytes> by_name;
  for (auto id : files) {
    const auto* b = bundle_of(a, id);
    if (!b) continue;
    for (const auto& s : b->sources) {
      auto& g = by_name[group_of(s)];
      g.name = group_of(s);
      g.package = !s.package.empty() && !s.runtime;
      if (!s.version.empty() && std::find(g.versions.begin(), g.versions.end(), s.version) == g.versions.end())
        g.versions.push_back(s.version);
      g.bytes += s.bytes;
    }
    Bytes rest = b->unmapped;
    rest += b->eol;
    rest += b->comment;
    auto& u = by_name["[unmapped]"];
    u.name = "[unmapped]";
    u.bytes += rest;
  }
  std::vector<GroupBytes> out;
  for (auto& [name, g] : by_name) {
    std::sort(g.versions.begin(), g.versions.end());
    out.push_back(std::move(g));
  }
  bool br = measured(a);
  std::stable_sort(out.begin(), out.end(), [&](const GroupBytes& x, const GroupBytes& y) {
    uint64_t vx = br ? x.bytes.brotli : x.bytes.raw, vy = br ? y.bytes.brotli : y.bytes.raw;
    if (vx != vy) return vx > vy;
    return x.bytes.raw > y.bytes.raw;
  });
  return out;
}

std::vector<PackageDuplicate> package_duplicates(const pipeline::Analysis& a, const std::vector<scan::FileId>& files) {
  std::map<std::string, std::map<std::string, std::set<std::string>>> seen;  // package -> version -> files
  for (auto id : files)
    if (const auto* b = bundle_of(a, id))
      for (const auto& s : b->sources)
        if (!s.package.empty() && !s.version.empty() && s.bytes.raw) seen[s.package][s.version].insert(a.files[id].path);
  std::vector<PackageDuplicate> out;
  for (auto& [pkg, versions] : seen) {
    if (versions.size() < 2) continue;
    PackageDuplicate d{pkg, {}};
    for (auto& [v, fs] : versions) d.versions.emplace_back(v, std::vector<std::string>(fs.begin(), fs.end()));
    out.push_back(std::move(d));
  }
  return out;
}

std::vector<ModuleDuplicate> module_duplicates(const pipeline::Analysis& a, const std::vector<scan::FileId>& files) {
  struct Copy {
    std::string file;
    Bytes bytes;
  };
  std::map<std::string, std::vector<Copy>> copies;  // source path -> one copy per file
  for (auto id : files) {
    const auto* b = bundle_of(a, id);
    if (!b) continue;
    std::map<std::string, Bytes> in_file;
    for (const auto& s : b->sources)
      if (!s.runtime && s.bytes.raw) in_file[s.path] += s.bytes;
    for (auto& [path, bytes] : in_file) copies[path].push_back({a.files[id].path, bytes});
  }
  std::vector<ModuleDuplicate> out;
  for (auto& [path, cs] : copies) {
    if (cs.size() < 2) continue;
    ModuleDuplicate d{path, {}, {}};
    size_t largest = 0;
    for (size_t i = 0; i < cs.size(); ++i) {
      d.files.push_back(cs[i].file);
      d.wasted += cs[i].bytes;
      if (cs[i].bytes.raw > cs[largest].bytes.raw) largest = i;
    }
    d.wasted.raw -= cs[largest].bytes.raw, d.wasted.gzip -= cs[largest].bytes.gzip,
        d.wasted.brotli -= cs[largest].bytes.brotli;
    out.push_back(std::move(d));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const ModuleDuplicate& x, const ModuleDuplicate& y) { return x.wasted.raw > y.wasted.raw; });
  return out;
}

namespace {

// Deployed maps: map path -> the generated files that name it, and the pages loading those.
std::map<std::string, std::pair<std::set<std::string>, std::set<std::string>>> public_maps(const pipeline::Analysis& a) {
  std::map<std::string, std::pair<std::set<std::string>, std::set<std::string>>> maps;
  for (const auto& f : a.files)
    if (f.kind == scan::FileKind::sourcemap) maps[f.path];
  for (const auto& b : a.bundles)
    if (!b.map_path.empty() && maps.count(b.map_path)) maps[b.map_path].first.insert(a.files[b.file].path);
  for (const auto& e : a.graph.entries)
    for (auto id : load_of(e))
      if (const auto* b = bundle_of(a, id); b && maps.count(b->map_path))
        maps[b->map_path].second.insert(a.files[e.file].path);
  return maps;
}

}  // namespace

void warn_public_maps(const pipeline::Analysis& a, Diagnostics& diags) {
  auto maps = public_maps(a);
  if (maps.empty()) return;
  std::set<std::string> pages;
  std::string names;
  size_t shown = 0;
  for (const auto& [m, refs] : maps) {
    pages.insert(refs.second.begin(), refs.second.end());
    if (shown++ < 5) names += (names.empty() ? "" : ", ") + m;
  }
  if (maps.size() > 5) names += ", … (" + std::to_string(maps.size()) + " in all)";
  std::string msg = std::to_string(maps.size()) + " source map" + (maps.size() > 1 ? "s" : "") +
                    " would be deployed publicly and expose the original sources: " + names;
  if (!pages.empty()) {
    msg += "; referenced by the files of";
    size_t n = 0;
    for (const auto& p : pages) {
      if (n++ == 5) {
        msg += " …";
        break;
      }
      msg += " " + p;
    }
  }
  diags.warning("", msg + " (exclude *.map from the upload, or serve them only to your error tracker)");
}

json bundles_json(const pipeline::Analysis& a) {
  json files = json::array();
  for (const auto& b : a.bundles) {
    json jf = {{"path", a.files[b.file].path},
               {"map", b.map_path.empty() ? json() : json(b.map_path)},
               {"mapFrom", sourcemap::map_origin_name(b.origin)},
               {"totalBytes", b.total},
               {"mappedBytes", b.mapped},
               {"unmapped", bytes_json(b.unmapped)},
               {"eol", bytes_json(b.eol)},
               {"sourceMappingURL", bytes_json(b.comment)},
               {"pastLineEnd", b.past_line_end},
               {"mixedEols", b.mixed_eols}};
    if (!b.mismatch.empty()) jf["mismatch"] = b.mismatch;
    if (!b.error.empty()) jf["error"] = b.error;
    if (b.compressed) jf["compressedAlone"] = {{"gzip", b.gzip_alone}, {"brotli", b.brotli_alone}};
    jf["groups"] = groups_json(group_bytes(a, {b.file}));
    json sources = json::array();
    for (const auto& s : b.sources) {
      json js = {{"path", s.path}, {"group", group_of(s)}};
      if (!s.package.empty()) js["package"] = s.package;
      if (!s.version.empty()) js["version"] = s.version;
      if (s.ignored) js["ignored"] = true;
      js.update(bytes_json(s.bytes));
      sources.push_back(js);
    }
    jf["sources"] = sources;
    files.push_back(jf);
  }
  json entries = json::array();
  for (const auto& e : a.graph.entries) {
    auto all = load_of(e);
    json je = {{"path", a.files[e.file].path},
               {"initial", groups_json(group_bytes(a, e.initial))},
               {"lazy", groups_json(group_bytes(a, e.lazy))}};
    json pd = json::array();
    for (const auto& d : package_duplicates(a, all)) {
      json versions = json::array();
      for (const auto& [v, fs] : d.versions) versions.push_back({{"version", v}, {"files", fs}});
      pd.push_back({{"package", d.package}, {"versions", versions}});
    }
    je["duplicatePackages"] = pd;
    json md = json::array();
    for (const auto& d : module_duplicates(a, all))
      md.push_back({{"source", d.path}, {"files", d.files}, {"wasted", bytes_json(d.wasted)}});
    je["duplicateModules"] = md;
    entries.push_back(je);
  }
  json pub = json::array();
  for (const auto& [m, refs] : public_maps(a))
    pub.push_back({{"map", m}, {"files", std::vector<std::string>(refs.first.begin(), refs.first.end())},
                   {"pages", std::vector<std::string>(refs.second.begin(), refs.second.end())}});
  return {{"files", files}, {"entries", entries}, {"publicMaps", pub}};
}

void print_bundles_text(std::ostream& out, const pipeline::Analysis& a) {
  if (a.bundles.empty()) return;
  bool br = measured(a);
  uint64_t mapped = 0, total = 0;
  for (const auto& b : a.bundles) mapped += b.mapped, total += b.total;
  out << "\n  inside the bundles: " << a.bundles.size() << " files with source maps, " << format_bytes(mapped)
      << " of " << format_bytes(total) << " mapped to their sources\n";
  char line[512];
  for (const auto& e : a.graph.entries) {
    auto groups = group_bytes(a, e.initial);
    if (groups.empty()) continue;
    out << "\n  " << a.files[e.file].path << ": top packages and app folders of the initial load"
        << (br ? " (by brotli)" : " (by raw bytes)") << "\n";
    std::snprintf(line, sizeof line, "  %12s %12s %12s  %s\n", "brotli", "gzip", "raw", "package / folder");
    out << line;
    size_t n = 0;
    for (const auto& g : groups) {
      if (n++ == 10) {
        out << "    … " << groups.size() - 10 << " more (--format json lists all)\n";
        break;
      }
      std::string name = g.name;
      for (size_t i = 0; i < g.versions.size(); ++i) name += (i ? ", " : " @") + g.versions[i];
      std::snprintf(line, sizeof line, "  %12s %12s %12s  ", br ? format_bytes(g.bytes.brotli).c_str() : "-",
                    br ? format_bytes(g.bytes.gzip).c_str() : "-", format_bytes(g.bytes.raw).c_str());
      out << line << name << '\n';
    }
    auto all = load_of(e);
    for (const auto& d : package_duplicates(a, all)) {
      out << "    duplicate package " << d.package << ":";
      for (const auto& [v, fs] : d.versions) {
        out << " " << v << " (";
        for (size_t i = 0; i < fs.size(); ++i) out << (i ? ", " : "") << fs[i];
        out << ")";
      }
      out << '\n';
    }
    auto mods = module_duplicates(a, all);
    size_t shown = 0;
    for (const auto& d : mods) {
      if (shown++ == 5) {
        out << "    … " << mods.size() - 5 << " more modules in two chunks\n";
        break;
      }
      out << "    " << d.path << " is in " << d.files.size() << " chunks (";
      for (size_t i = 0; i < d.files.size(); ++i) out << (i ? ", " : "") << d.files[i];
      out << "): " << format_bytes(d.wasted.raw) << " raw wasted\n";
    }
  }
}

std::string source_map_explorer_json(const pipeline::Analysis& a, const std::string& root) {
  std::string prefix = root;
  while (prefix.size() > 1 && prefix.back() == '/') prefix.pop_back();
  std::vector<std::pair<std::string, const BundleSources*>> named;
  for (const auto& b : a.bundles)
    if (b.error.empty()) named.emplace_back(prefix + "/" + a.files[b.file].path, &b);
  std::stable_sort(named.begin(), named.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  ordered_json results = ordered_json::array();
  for (const auto& [name, b] : named) {
    ordered_json files = ordered_json::object();
    for (const auto& s : b->sources) {
      auto& slot = files[s.sme_key];
      uint64_t before = slot.is_object() ? slot["size"].get<uint64_t>() : 0;
      slot = {{"size", before + s.bytes.raw}};
    }
    files["[sourceMappingURL]"] = {{"size", b->comment.raw}};
    files["[unmapped]"] = {{"size", b->unmapped.raw}};
    if (b->eol.raw) files["[EOLs]"] = {{"size", b->eol.raw}};
    ordered_json r;
    r["bundleName"] = name;
    r["totalBytes"] = b->total;
    r["mappedBytes"] = b->mapped;
    r["unmappedBytes"] = b->unmapped.raw;
    r["eolBytes"] = b->eol.raw;
    r["sourceMapCommentBytes"] = b->comment.raw;
    r["files"] = files;
    results.push_back(r);
  }
  ordered_json top;
  top["results"] = results;
  return top.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace kiln::report
