#include "report/analyze_report.h"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "core/units.h"
#include "report/bundle_report.h"
#include "report/diagnostics_json.h"
#include "report/stats_report.h"

namespace kiln::report {

using pipeline::Analysis;
using pipeline::SizeBreakdown;
using nlohmann::json;

namespace {

struct PageRow {
  const graph::Entry* entry;
  SizeBreakdown initial, on_use, lazy;
};

std::vector<PageRow> page_rows(const Analysis& a) {
  std::vector<PageRow> rows;
  for (const auto& e : a.graph.entries)
    rows.push_back({&e, pipeline::breakdown(a, e.initial), pipeline::breakdown(a, e.on_use), pipeline::breakdown(a, e.lazy)});
  // Heaviest first: what users need to look at.
  std::stable_sort(rows.begin(), rows.end(), [&](const PageRow& x, const PageRow& y) {
    if (x.initial.total.brotli != y.initial.total.brotli) return x.initial.total.brotli > y.initial.total.brotli;
    return a.files[x.entry->file].path < a.files[y.entry->file].path;
  });
  return rows;
}

std::vector<scan::FileId> largest_files(const Analysis& a, size_t limit) {
  std::vector<scan::FileId> ids;
  for (const auto& f : a.files)
    if (f.kind != scan::FileKind::sidecar && f.kind != scan::FileKind::sourcemap) ids.push_back(f.id);
  std::stable_sort(ids.begin(), ids.end(), [&](auto x, auto y) {
    return a.facts[x].sizes.raw > a.facts[y].sizes.raw;
  });
  if (ids.size() > limit) ids.resize(limit);
  return ids;
}

std::string cycle_text(const Analysis& a, const std::vector<scan::FileId>& cycle) {
  std::string s;
  for (auto id : cycle) s += a.files[id].path + " -> ";
  return s + a.files[cycle.front()].path;
}

json sizes_json(const pipeline::Sizes& s) {
  return {{"raw", s.raw}, {"gzip", s.gzip}, {"brotli", s.brotli}};
}

json breakdown_json(const Analysis& a, const SizeBreakdown& b, const std::vector<scan::FileId>& ids) {
  json j = sizes_json(b.total);
  j["files"] = b.files;
  json types = json::object();
  for (size_t t = 0; t < pipeline::kResourceTypes; ++t) {
    if (!b.count_by_type[t]) continue;
    json jt = sizes_json(b.by_type[t]);
    jt["count"] = b.count_by_type[t];
    types[pipeline::resource_type_name(static_cast<pipeline::ResourceType>(t))] = jt;
  }
  j["byType"] = types;
  json paths = json::array();
  for (auto id : ids) paths.push_back(a.files[id].path);
  j["paths"] = paths;
  return j;
}

}  // namespace

void print_entry_table(std::ostream& out, const Analysis& a) {
  char line[512];
  auto rows = page_rows(a);
  if (!a.package_entries.empty()) {
    out << "  no HTML pages: entries from package.json:";
    for (const auto& e : a.package_entries)
      out << ' ' << e.path << " (" << e.field << ')' << (&e == &a.package_entries.back() ? "" : ",");
    out << "\n\n";
  }
  if (rows.empty()) {
    out << "  no entries: no HTML pages in the folder and none named by package.json; name JS entries "
           "with --entry\n";
  } else {
    std::snprintf(line, sizeof line, "  %-36s %12s %12s %12s %12s %12s %7s %6s %6s\n", "entry (sorted by initial brotli)",
                  "initial br", "initial gz", "initial raw", "on use br", "lazy br", "files", "on use", "lazy");
    out << line;
    for (const auto& r : rows) {
      std::string name = a.files[r.entry->file].path;
      if (name.size() > 36) name = "…" + name.substr(name.size() - 35);
      std::snprintf(line, sizeof line, "  %-36s %12s %12s %12s %12s %12s %7llu %6llu %6llu\n", name.c_str(),
                    format_bytes(r.initial.total.brotli).c_str(), format_bytes(r.initial.total.gzip).c_str(),
                    format_bytes(r.initial.total.raw).c_str(), format_bytes(r.on_use.total.brotli).c_str(),
                    format_bytes(r.lazy.total.brotli).c_str(), static_cast<unsigned long long>(r.initial.files),
                    static_cast<unsigned long long>(r.on_use.files), static_cast<unsigned long long>(r.lazy.files));
      out << line;
    }
    bool any_on_use = std::any_of(rows.begin(), rows.end(), [](const PageRow& r) { return r.on_use.files > 0; });
    if (any_on_use)
      out << "  on use: fonts the page's stylesheets declare, fetched when its text uses them (the first format "
             "of each src list a browser supports); preloaded fonts are initial\n";
    // Resource types of the heaviest entries' initial loads.
    out << "\n  initial load by resource type (brotli)\n";
    for (size_t i = 0; i < rows.size() && i < 5; ++i) {
      const auto& r = rows[i];
      out << "  " << a.files[r.entry->file].path << ":";
      for (size_t t = 0; t < pipeline::kResourceTypes; ++t) {
        if (!r.initial.count_by_type[t]) continue;
        out << "  " << pipeline::resource_type_name(static_cast<pipeline::ResourceType>(t)) << " "
            << format_bytes(r.initial.by_type[t].brotli) << " (" << r.initial.count_by_type[t] << ")";
      }
      if (!r.entry->externals.empty()) out << "  third-party " << r.entry->externals.size() << " requests";
      out << '\n';
    }
  }

}

void print_analyze_text(std::ostream& out, const Analysis& a, const AnalyzeReportOptions& o) {
  pipeline::Sizes all;
  for (const auto& f : a.facts) all += f.sizes;
  char line[512];
  size_t ne = a.graph.entries.size();
  out << "kiln analyze " << o.root << ": " << ne << (ne == 1 ? " entry, " : " entries, ") << a.files.size()
      << " files, " << format_bytes(all.raw) << " raw\n\n";

  print_entry_table(out, a);
  auto largest = largest_files(a, o.largest);
  if (!largest.empty()) {
    out << "\n  largest files\n";
    std::snprintf(line, sizeof line, "  %12s %12s %12s  %-10s  %s\n", "raw", "gzip", "brotli", "type", "path");
    out << line;
    for (auto id : largest) {
      const auto& s = a.facts[id].sizes;
      std::snprintf(line, sizeof line, "  %12s %12s %12s  %-10s  ", format_bytes(s.raw).c_str(),
                    format_bytes(s.gzip).c_str(), format_bytes(s.brotli).c_str(), scan::kind_name(a.files[id].kind));
      out << line << a.files[id].path << '\n';
    }
  }

  if (!a.graph.entries.empty()) {
    uint64_t bytes = 0;
    for (auto id : a.graph.unreferenced) bytes += a.facts[id].sizes.raw;
    out << "\n  unreferenced files: " << a.graph.unreferenced.size() << " (" << format_bytes(bytes)
        << " raw), reachable from no entry\n";
    size_t shown = 0;
    for (auto id : a.graph.unreferenced) {
      if (++shown > 20) {
        out << "    … and " << a.graph.unreferenced.size() - 20 << " more (--format json lists all)\n";
        break;
      }
      out << "    " << a.files[id].path << " (" << format_bytes(a.facts[id].sizes.raw) << ")\n";
    }
  }
  if (!a.graph.cycles.empty()) {
    out << "\n  import cycles: " << a.graph.cycles.size() << '\n';
    for (const auto& c : a.graph.cycles) out << "    " << cycle_text(a, c) << '\n';
  }
  out << "\n  " << a.graph.edges.size() << " references resolved, " << a.graph.externals.size() << " external, "
      << a.graph.unknown_specifiers << " with a non-literal specifier";
  if (a.syntax_error_files)
    out << "; " << a.syntax_error_files << " files with syntax errors (" << a.recovered_refs
        << " references recovered)";
  out << '\n';
  out << "  compressed sizes: " << a.cache_hits << " from the cache, " << a.cache_misses << " computed\n";
}

void print_analyze_markdown(std::ostream& out, const Analysis& a, const AnalyzeReportOptions& o) {
  out << "### kiln analyze `" << o.root << "`\n\n";
  auto rows = page_rows(a);
  if (!rows.empty()) {
    out << "| entry | initial (brotli) | initial (gzip) | initial (raw) | on use (brotli) | lazy (brotli) | files |\n"
        << "|---|---:|---:|---:|---:|---:|---:|\n";
    for (const auto& r : rows)
      out << "| `" << a.files[r.entry->file].path << "` | " << format_bytes(r.initial.total.brotli) << " | "
          << format_bytes(r.initial.total.gzip) << " | " << format_bytes(r.initial.total.raw) << " | "
          << format_bytes(r.on_use.total.brotli) << " | " << format_bytes(r.lazy.total.brotli) << " | "
          << r.initial.files << " + " << r.on_use.files << " on use + " << r.lazy.files << " lazy |\n";
  }
  auto largest = largest_files(a, 10);
  if (!largest.empty()) {
    out << "\n<details><summary>Largest files</summary>\n\n| file | raw | gzip | brotli |\n|---|---:|---:|---:|\n";
    for (auto id : largest) {
      const auto& s = a.facts[id].sizes;
      out << "| `" << a.files[id].path << "` | " << format_bytes(s.raw) << " | " << format_bytes(s.gzip) << " | "
          << format_bytes(s.brotli) << " |\n";
    }
    out << "\n</details>\n";
  }
  if (!a.graph.entries.empty() && !a.graph.unreferenced.empty())
    out << "\n" << a.graph.unreferenced.size() << " unreferenced files.\n";
}

json analyze_json(const Analysis& a, const AnalyzeReportOptions& o, const Diagnostics& diags) {
  json j;
  j["schema"] = "kiln.analyze/1";
  j["kiln"] = KILN_VERSION;
  j["base"] = o.base;
  pipeline::Sizes all;
  for (const auto& f : a.facts) all += f.sizes;
  j["totals"] = sizes_json(all);
  j["totals"]["files"] = a.files.size();

  json files = json::array();
  for (const auto& f : a.files) {
    const auto& facts = a.facts[f.id];
    json jf = {{"path", f.path},
               {"kind", scan::kind_name(f.kind)},
               {"type", pipeline::resource_type_name(pipeline::resource_type_of(f.kind))}};
    jf.update(sizes_json(facts.sizes));
    const auto& p = a.parsed[f.id];
    if (!p.refs.empty()) jf["references"] = p.refs.size();
    if (p.is_module) jf["module"] = true;
    if (p.first_error) jf["syntaxError"] = {{"line", p.first_error->line}, {"column", p.first_error->column}};
    files.push_back(jf);
  }
  j["files"] = files;

  json entries = json::array();
  for (const auto& e : a.graph.entries) {
    auto initial = pipeline::breakdown(a, e.initial), on_use = pipeline::breakdown(a, e.on_use),
         lazy = pipeline::breakdown(a, e.lazy);
    pipeline::Sizes total = initial.total;
    total += on_use.total;
    total += lazy.total;
    json je = {{"path", a.files[e.file].path},
               {"initial", breakdown_json(a, initial, e.initial)},
               {"onUse", breakdown_json(a, on_use, e.on_use)},
               {"lazy", breakdown_json(a, lazy, e.lazy)},
               {"total", sizes_json(total)}};
    json third = json::array();
    for (size_t i : e.externals) third.push_back(a.graph.externals[i].url);
    je["initial"]["thirdParty"] = third;
    json images = json::array(), fonts = json::array();
    for (size_t i : e.choices) {
      const auto& c = a.graph.choices[i];
      json jc = {{"from", a.files[c.from].path},
                 {"path", c.chosen == graph::kNoTarget ? json() : json(a.files[c.chosen].path)},
                 {"load", c.chosen == graph::kNoTarget ? json() : json(graph::load_name(c.load))}};
      json alt = json::array();
      for (auto id : c.alternatives) alt.push_back(a.files[id].path);
      jc["alternatives"] = alt;
      (c.font ? fonts : images).push_back(jc);
    }
    je["images"] = images;
    je["fonts"] = fonts;
    entries.push_back(je);
  }
  j["entries"] = entries;

  json edges = json::array();
  for (const auto& e : a.graph.edges)
    edges.push_back({{"from", a.files[e.from].path}, {"to", a.files[e.to].path},
                     {"kind", parse::ref_kind_name(e.kind)}, {"load", graph::load_name(e.load)}});
  j["edges"] = edges;
  json ext = json::array();
  for (const auto& e : a.graph.externals)
    ext.push_back({{"from", a.files[e.from].path}, {"url", e.url}, {"kind", parse::ref_kind_name(e.kind)},
                   {"load", graph::load_name(e.load)}});
  j["external"] = ext;
  json cycles = json::array();
  for (const auto& c : a.graph.cycles) {
    json jc = json::array();
    for (auto id : c) jc.push_back(a.files[id].path);
    cycles.push_back(jc);
  }
  j["cycles"] = cycles;
  json unref = json::array();
  for (auto id : a.graph.unreferenced) unref.push_back(a.files[id].path);
  j["unreferenced"] = a.graph.entries.empty() ? json() : unref;
  json from_package = json::array();
  for (const auto& e : a.package_entries) from_package.push_back({{"path", e.path}, {"field", e.field}});
  j["packageEntries"] = from_package;
  if (!a.bundles.empty()) j["sourceMaps"] = bundles_json(a);
  if (!a.stats.empty()) j["bundlerStats"] = bundler_stats_json(a);
  if (!a.bundles.empty() || !a.stats.empty()) j["why"] = why_json(a);
  j["diagnostics"] = diagnostics_json(diags);
  return j;
}

}  // namespace kiln::report
