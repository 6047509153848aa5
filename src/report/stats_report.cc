#include "report/stats_report.h"

#include <algorithm>
#include <cstdint>
#include <deque>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "core/units.h"
#include "report/bundle_report.h"
#include "sourcemap/source_name.h"

namespace kiln::report {

using nlohmann::json;
using sourcemap::BundleSources;
using sourcemap::LinkedStats;

namespace {

const BundleSources* bundle_of(const pipeline::Analysis& a, scan::FileId id) {
  auto it = std::lower_bound(a.bundles.begin(), a.bundles.end(), id,
                             [](const BundleSources& b, scan::FileId x) { return b.file < x; });
  return it != a.bundles.end() && it->file == id ? &*it : nullptr;
}

const sourcemap::StatsOutput* output_of(const LinkedStats& l, scan::FileId id) {
  auto it = std::lower_bound(l.files.begin(), l.files.end(), id,
                             [](const auto& p, scan::FileId x) { return p.first < x; });
  return it != l.files.end() && it->first == id ? &l.stats.outputs[it->second] : nullptr;
}

std::string group_of(const sourcemap::StatsModule& m) {
  if (m.runtime) return std::string(sourcemap::kBundlerRuntime);
  if (!m.package.empty()) return m.package;
  return sourcemap::app_folder(m.path);
}

std::string group_of(const sourcemap::SourceEntry& s) {
  if (s.runtime) return std::string(sourcemap::kBundlerRuntime);
  if (!s.package.empty()) return s.package;
  return sourcemap::app_folder(s.path);
}

// Breadth-first over the page's loads (initial and lazy references, in edge order): the
// file each file was first reached from, so the path to any file of the load is the shortest.
std::map<scan::FileId, scan::FileId> reached_from(const pipeline::Analysis& a, scan::FileId page) {
  std::map<scan::FileId, scan::FileId> parent{{page, page}};
  std::deque<scan::FileId> queue{page};
  const auto& edges = a.graph.edges;
  while (!queue.empty()) {
    auto f = queue.front();
    queue.pop_front();
    auto it = std::lower_bound(edges.begin(), edges.end(), f,
                               [](const graph::Edge& e, scan::FileId x) { return e.from < x; });
    for (; it != edges.end() && it->from == f; ++it) {
      if (it->load != graph::Load::initial && it->load != graph::Load::lazy) continue;
      if (parent.emplace(it->to, f).second) queue.push_back(it->to);
    }
  }
  return parent;
}

std::vector<std::string> path_to(const pipeline::Analysis& a, const std::map<scan::FileId, scan::FileId>& parent,
                                 scan::FileId file) {
  std::vector<std::string> out;
  for (auto at = file;;) {
    out.push_back(a.files[at].path);
    auto p = parent.at(at);
    if (p == at) break;
    at = p;
  }
  std::reverse(out.begin(), out.end());
  return out;
}

std::string signed_bytes(int64_t d) {
  std::string s = d < 0 ? "-" : "+";
  s += format_bytes(static_cast<uint64_t>(d < 0 ? -d : d));
  return s;
}

std::string joined(const std::vector<std::string>& parts, const char* sep) {
  std::string s;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) s += sep;
    s += parts[i];
  }
  return s;
}

}  // namespace

std::vector<PackageReason> package_reasons(const pipeline::Analysis& a, const graph::Entry& e) {
  struct Holding {
    std::set<scan::FileId> files;
    bool initial = false;
  };
  std::map<std::string, Holding> held;
  auto hold = [&](const std::string& package, scan::FileId id, bool initial) {
    auto& h = held[package];
    h.files.insert(id);
    h.initial = h.initial || initial;
  };
  for (const auto* load : {&e.initial, &e.lazy})
    for (auto id : *load) {
      bool initial = load == &e.initial;
      if (const auto* b = bundle_of(a, id))
        for (const auto& s : b->sources)
          if (!s.package.empty() && !s.runtime && s.bytes.raw) hold(s.package, id, initial);
      for (const auto& l : a.stats)
        if (const auto* o = output_of(l, id))
          for (const auto& [m, bytes] : o->modules) {
            const auto& mod = l.stats.modules[m];
            if (!mod.package.empty() && !mod.runtime) hold(mod.package, id, initial);
          }
    }
  if (held.empty()) return {};
  // Order: the maps' groups of the whole load (largest first), then the rest by name.
  std::vector<scan::FileId> all = e.initial;
  all.insert(all.end(), e.lazy.begin(), e.lazy.end());
  std::sort(all.begin(), all.end());
  std::vector<std::string> order;
  for (const auto& g : group_bytes(a, all))
    if (g.package && held.count(g.name)) order.push_back(g.name);
  for (const auto& [name, h] : held)
    if (std::find(order.begin(), order.end(), name) == order.end()) order.push_back(name);

  auto parent = reached_from(a, e.file);
  // Per stats file, the modules of the page's initial files and of its whole load: a chain
  // from a module the page loads first explains an initial package better than one from a
  // lazy chunk (lodash-es imported by both src/index.js and the lazy src/chart.js).
  std::vector<std::vector<char>> in_initial(a.stats.size()), in_load(a.stats.size());
  for (size_t i = 0; i < a.stats.size(); ++i) {
    const auto& l = a.stats[i];
    in_initial[i].assign(l.stats.modules.size(), 0);
    in_load[i].assign(l.stats.modules.size(), 0);
    for (const auto* load : {&e.initial, &e.lazy})
      for (auto id : *load)
        if (const auto* o = output_of(l, id))
          for (const auto& [m, bytes] : o->modules) {
            in_load[i][m] = 1;
            if (load == &e.initial) in_initial[i][m] = 1;
          }
  }
  std::vector<PackageReason> out;
  for (const auto& name : order) {
    const auto& h = held[name];
    PackageReason r;
    r.package = name;
    r.load = h.initial ? graph::Load::initial : graph::Load::lazy;
    for (auto id : h.files) r.files.push_back(a.files[id].path);
    // The holding file nearest the page; ties go to the first path.
    size_t depth = SIZE_MAX;
    for (auto id : h.files) {
      if (!parent.count(id)) continue;
      auto p = path_to(a, parent, id);
      if (p.size() < depth) depth = p.size(), r.via = std::move(p);
    }
    for (size_t i = 0; i < a.stats.size() && r.chain.empty(); ++i) {
      r.chain = sourcemap::import_chain(a.stats[i].stats, name, h.initial ? in_initial[i] : in_load[i]);
      if (!r.chain.empty()) r.chain_from = a.stats[i].stats.path;
    }
    out.push_back(std::move(r));
  }
  return out;
}

uint64_t FileCheck::largest_difference() const {
  uint64_t worst = 0;
  for (const auto& g : groups) {
    int64_t d = g.difference();
    worst = std::max(worst, static_cast<uint64_t>(d < 0 ? -d : d));
  }
  return worst;
}

std::vector<FileCheck> stats_checks(const pipeline::Analysis& a) {
  std::vector<FileCheck> out;
  for (const auto& l : a.stats)
    for (const auto& [id, o] : l.files) {
      const auto* b = bundle_of(a, id);
      if (!b || !b->error.empty() || !b->mismatch.empty()) continue;
      FileCheck c;
      c.file = a.files[id].path;
      c.stats = l.stats.path;
      c.exact = l.stats.exact();
      c.unmapped = b->unmapped.raw + b->eol.raw + b->comment.raw;
      std::map<std::string, GroupCheck> groups;
      for (const auto& s : b->sources)
        if (!s.no_source) groups[group_of(s)].map += s.bytes.raw;
      for (const auto& [m, bytes] : l.stats.outputs[o].modules) groups[group_of(l.stats.modules[m])].stats += bytes;
      for (auto& [name, g] : groups) {
        g.name = name;
        if (g.map || g.stats) c.groups.push_back(g);
      }
      out.push_back(std::move(c));
    }
  std::stable_sort(out.begin(), out.end(), [](const FileCheck& x, const FileCheck& y) { return x.file < y.file; });
  return out;
}

json bundler_stats_json(const pipeline::Analysis& a) {
  auto checks = stats_checks(a);
  json out = json::array();
  for (const auto& l : a.stats) {
    json outputs = json::array();
    for (const auto& [id, o] : l.files) {
      std::map<std::string, std::pair<bool, uint64_t>> groups;
      for (const auto& [m, bytes] : l.stats.outputs[o].modules) {
        const auto& mod = l.stats.modules[m];
        auto& g = groups[group_of(mod)];
        g.first = !mod.package.empty() && !mod.runtime;
        g.second += bytes;
      }
      std::vector<std::pair<std::string, std::pair<bool, uint64_t>>> sorted(groups.begin(), groups.end());
      std::stable_sort(sorted.begin(), sorted.end(),
                       [](const auto& x, const auto& y) { return x.second.second > y.second.second; });
      json jg = json::array();
      for (const auto& [name, g] : sorted) jg.push_back({{"name", name}, {"package", g.first}, {"bytes", g.second}});
      outputs.push_back({{"output", l.stats.outputs[o].file},
                         {"path", a.files[id].path},
                         {"sourceMap", bundle_of(a, id) != nullptr},
                         {"groups", jg}});
    }
    json check = json::array();
    for (const auto& c : checks) {
      if (c.stats != l.stats.path) continue;
      json jg = json::array();
      for (const auto& g : c.groups)
        jg.push_back({{"name", g.name}, {"mapBytes", g.map}, {"statsBytes", g.stats}, {"difference", g.difference()}});
      check.push_back({{"path", c.file},
                       {"unmappedBytes", c.unmapped},
                       {"largestDifference", c.largest_difference()},
                       {"agree", c.agree()},
                       {"groups", jg}});
    }
    out.push_back({{"path", l.stats.path},
                   {"format", sourcemap::stats_kind_name(l.stats.kind)},
                   {"exact", l.stats.exact()},
                   {"modules", l.stats.modules.size()},
                   {"outputs", outputs},
                   {"unmatched", l.unmatched},
                   {"check", check}});
  }
  return out;
}

json why_json(const pipeline::Analysis& a) {
  json out = json::array();
  for (const auto& e : a.graph.entries) {
    json packages = json::array();
    for (const auto& r : package_reasons(a, e)) {
      json j = {{"package", r.package}, {"load", graph::load_name(r.load)}, {"files", r.files}, {"via", r.via}};
      if (!r.chain.empty()) j["importChain"] = r.chain, j["importChainFrom"] = r.chain_from;
      packages.push_back(j);
    }
    out.push_back({{"path", a.files[e.file].path}, {"packages", packages}});
  }
  return out;
}

void print_why_text(std::ostream& out, const pipeline::Analysis& a) {
  for (const auto& e : a.graph.entries) {
    auto reasons = package_reasons(a, e);
    if (reasons.empty()) continue;
    out << "\n  " << a.files[e.file].path << ": why each package is there (page → chunk; import chain)\n";
    size_t n = 0;
    for (const auto& r : reasons) {
      if (n++ == 10) {
        out << "    … " << reasons.size() - 10 << " more (--format json lists all)\n";
        break;
      }
      out << "    " << r.package << " (" << graph::load_name(r.load) << "): " << joined(r.via, " → ");
      if (r.files.size() > 1) out << " (and " << r.files.size() - 1 << " more file" << (r.files.size() > 2 ? "s" : "") << ")";
      if (!r.chain.empty()) out << "; " << joined(r.chain, " → ") << " [" << r.chain_from << "]";
      out << '\n';
    }
  }
  if (a.stats.empty()) return;
  auto checks = stats_checks(a);
  for (const auto& l : a.stats) {
    out << "\n  bundler stats " << l.stats.path << " (" << sourcemap::stats_kind_name(l.stats.kind) << "): "
        << l.stats.modules.size() << " modules, " << l.files.size() << " of " << l.files.size() + l.unmatched.size()
        << " outputs are files here\n";
    if (!l.unmatched.empty()) {
      std::vector<std::string> shown(l.unmatched.begin(), l.unmatched.begin() + std::min<size_t>(5, l.unmatched.size()));
      out << "    not found here: " << joined(shown, ", ") << (l.unmatched.size() > 5 ? ", …" : "") << '\n';
    }
    size_t files = 0, agree = 0;
    for (const auto& c : checks)
      if (c.stats == l.stats.path) ++files, agree += c.agree();
    if (!files) continue;
    if (!l.stats.exact()) {
      out << "    " << files << " file" << (files > 1 ? "s" : "")
          << " also have a map; webpack's module sizes are before minification, so their bytes are not checked"
             " against the map's (--format json has both)\n";
      continue;
    }
    out << "    bytes per package and folder against the maps: " << agree << " of " << files
        << " files agree within their [unmapped] bytes\n";
    for (const auto& c : checks) {
      if (c.stats != l.stats.path || c.agree()) continue;
      out << "    " << c.file << ": [unmapped] " << format_bytes(c.unmapped) << ", but";
      size_t shown = 0;
      for (const auto& g : c.groups) {
        int64_t d = g.difference();
        if (static_cast<uint64_t>(d < 0 ? -d : d) <= c.unmapped) continue;
        if (shown++ == 3) {
          out << " …";
          break;
        }
        out << " " << g.name << " " << signed_bytes(d) << " (map " << format_bytes(g.map) << ", stats "
            << format_bytes(g.stats) << ")";
      }
      out << '\n';
    }
  }
}

}  // namespace kiln::report
