#include "advice/split_report.h"

#include <nlohmann/json.hpp>
#include <ostream>

#include "core/json_text.h"
#include "core/units.h"

namespace kiln::advice {

namespace {

std::string where(const source::SourceGraph& g, uint32_t file, uint32_t line, uint32_t column) {
  return g.modules[file].path + ":" + std::to_string(line) + ":" + std::to_string(column);
}

std::string brings_in(const Cut& cut) {
  std::string s;
  size_t shown = std::min<size_t>(cut.packages.size(), 4);
  for (size_t i = 0; i < shown; ++i) s += (i ? ", " : "") + cut.packages[i];
  if (cut.packages.size() > shown) s += " and " + std::to_string(cut.packages.size() - shown) + " more packages";
  if (cut.modules) {
    if (!s.empty()) s += ", ";
    s += std::to_string(cut.modules) + (cut.modules == 1 ? " app module" : " app modules");
  }
  return s;
}

std::string page_head(const SplitReportInput& in, const PageSplit& p) {
  const auto& r = in.report;
  std::string s = in.graph.modules[p.page].path + ": initial load " + cut_bytes_text(p.initial, r.built_bytes);
  if (r.built_bytes) {
    s += " (" + p.dist_page + "), ";
    double tied = p.initial.raw ? static_cast<double>(p.attributed.raw) / static_cast<double>(p.initial.raw) : 0;
    s += format_percent(tied) + " of it tied by the maps to " + std::to_string(p.static_modules) + " modules and packages";
  } else {
    s += " in " + std::to_string(p.static_modules) + " modules and packages";
  }
  return s;
}

std::string threshold_text(const SplitReportInput& in) {
  return format_bytes(in.options.min_bytes) + (in.report.built_bytes ? " br" : "") + " or " +
         format_percent(in.options.min_share) + " of the page";
}

nlohmann::ordered_json bytes_json(const Bytes& b) { return {{"raw", b.raw}, {"gzip", b.gzip}, {"brotli", b.brotli}}; }

}  // namespace

std::string cut_bytes_text(const Bytes& b, bool built) {
  if (!built) return format_bytes(b.raw) + " source bytes";
  return format_bytes(b.raw) + " raw / " + format_bytes(b.brotli) + " br";
}

std::string cut_line(const SplitReportInput& in, const Cut& cut) {
  std::string s = where(in.graph, cut.from, cut.line, cut.column) + " " + cut.statement + " → " +
                  cut_bytes_text(cut.bytes, in.report.built_bytes) + (in.report.built_bytes ? " leaves" : " leave") +
                  " the initial load (" + format_percent(cut.share) + " of it)";
  auto more = brings_in(cut);
  if (!more.empty()) s += "; brings in " + more;
  return s;
}

std::string ineffective_line(const SplitReportInput& in, const Ineffective& x) {
  return where(in.graph, x.dynamic_from, x.dynamic_line, x.dynamic_column) + " import('" + x.specifier +
         "') moves nothing: " + where(in.graph, x.static_from, x.static_line, x.static_column) +
         " imports it statically, so it stays in the initial load (" + cut_bytes_text(x.bytes, in.report.built_bytes) + ")";
}

std::string shake_line(const SplitReportInput& in, const ShakeMiss& m) {
  if (!m.module.empty()) {
    std::string unused;
    for (auto& u : m.unused) unused += (unused.empty() ? "" : ", ") + u;
    return in.graph.modules[m.file].path + ":" + std::to_string(m.line) + ":" + std::to_string(m.column) + " " + m.module +
           " ships " + cut_bytes_text(m.bytes, true) + " in the initial load; the app uses none of its exports (" + unused + ")";
  }
  std::string used;
  for (auto& u : m.used) used += (used.empty() ? "" : ", ") + u;
  if (!m.imported)
    return m.package + " ships " + cut_bytes_text(m.bytes, true) +
           " in the initial load; no app file imports it (a dependency of a package)";
  return in.graph.modules[m.file].path + ":" + std::to_string(m.line) + ":" + std::to_string(m.column) + " " + m.package +
         " ships " + cut_bytes_text(m.bytes, true) + " in the initial load; the app uses " +
         (used.empty() ? std::string("no name of it") : used);
}

void print_split_text(std::ostream& out, const SplitReportInput& in) {
  const auto& r = in.report;
  out << "kiln split: " << r.pages.size() << (r.pages.size() == 1 ? " page" : " pages") << ", "
      << (r.built_bytes ? "built bytes from " + r.dist + " (source maps)" : "source bytes (no --dist: packages weigh nothing)")
      << "\n";
  for (auto& p : r.pages) {
    out << '\n' << page_head(in, p) << '\n';
    if (p.cuts.empty()) out << "  no static import above " << threshold_text(in) << " to cut\n";
    else
      out << "  Cut here (" << p.cuts.size() << " of " << p.candidates << " imports above " << threshold_text(in) << "; routes, conditional renders and handlers first):\n";
    for (auto& c : p.cuts) {
      out << "  " << cut_line(in, c) << '\n';
      out << "      " << cut_kind_name(c.kind) << " (" << c.why << "): " << c.suggestion << '\n';
    }
    if (!p.ineffective.empty()) out << "  Ineffective splits (" << p.ineffective.size() << "):\n";
    for (auto& x : p.ineffective) out << "  " << ineffective_line(in, x) << '\n';
    if (!p.shake_misses.empty()) out << "  Tree-shaking misses (" << p.shake_misses.size() << "):\n";
    for (auto& m : p.shake_misses) {
      out << "  " << shake_line(in, m) << '\n';
      for (auto& reason : m.reasons) out << "      " << reason << '\n';
    }
  }
  for (auto& u : r.unmatched_pages) out << "\n" << u << ": no page of " << r.dist << " matches it; not measured\n";
}

void print_split_markdown(std::ostream& out, const SplitReportInput& in) {
  const auto& r = in.report;
  out << "## kiln split\n\n";
  if (r.pages.empty()) out << "No pages.\n";
  auto cell = [](std::string s) {
    for (size_t at = s.find('|'); at != std::string::npos; at = s.find('|', at + 2)) s.replace(at, 1, "\\|");
    return s;
  };
  for (auto& p : r.pages) {
    out << "### " << page_head(in, p) << "\n\n";
    if (!p.cuts.empty()) {
      out << "| Import | Leaves the initial load | Share | Brings in | Kind | Change |\n|---|---:|---:|---|---|---|\n";
      for (auto& c : p.cuts)
        out << "| `" << where(in.graph, c.from, c.line, c.column) << "` `" << cell(c.statement) << "` | "
            << cut_bytes_text(c.bytes, r.built_bytes) << " | " << format_percent(c.share) << " | " << cell(brings_in(c))
            << " | " << cut_kind_name(c.kind) << " | `" << cell(c.suggestion) << "` |\n";
      out << '\n';
    } else {
      out << "No static import above " << threshold_text(in) << ".\n\n";
    }
    if (!p.ineffective.empty()) {
      out << "Ineffective splits:\n\n";
      for (auto& x : p.ineffective) out << "- " << cell(ineffective_line(in, x)) << '\n';
      out << '\n';
    }
    if (!p.shake_misses.empty()) {
      out << "Tree-shaking misses:\n\n";
      for (auto& m : p.shake_misses) {
        std::string reasons;
        for (auto& reason : m.reasons) reasons += (reasons.empty() ? "" : "; ") + reason;
        out << "- " << cell(shake_line(in, m)) << ": " << cell(reasons) << '\n';
      }
      out << '\n';
    }
  }
}

void print_split_github(std::ostream& out, const SplitReportInput& in) {
  for (auto& p : in.report.pages) {
    for (auto& c : p.cuts)
      out << "::notice file=" << in.graph.modules[c.from].path << ",line=" << c.line << ",col=" << c.column
          << ",title=kiln split (" << in.graph.modules[p.page].path << ")::" << cut_line(in, c) << "%0A" << c.suggestion << '\n';
    for (auto& m : p.shake_misses)
      if (m.imported)
        out << "::notice file=" << in.graph.modules[m.file].path << ",line=" << m.line << ",col=" << m.column
          << ",title=kiln split (tree-shaking)::" << shake_line(in, m) << "%0A" << m.reasons.front() << '\n';
    for (auto& x : p.ineffective)
      out << "::warning file=" << in.graph.modules[x.dynamic_from].path << ",line=" << x.dynamic_line << ",col="
          << x.dynamic_column << ",title=kiln split (ineffective)::" << ineffective_line(in, x) << '\n';
  }
}

std::string split_json(const SplitReportInput& in) {
  const auto& r = in.report;
  const auto& g = in.graph;
  nlohmann::ordered_json j;
  j["schema"] = "kiln.split/1";
  j["bytes"] = r.built_bytes ? "built" : "source";
  if (r.built_bytes) j["dist"] = r.dist;
  j["threshold"] = {{"bytes", in.options.min_bytes}, {"share", in.options.min_share}, {"max", in.options.max_per_page}};
  auto& pages = j["pages"] = nlohmann::ordered_json::array();
  for (auto& p : r.pages) {
    nlohmann::ordered_json pj;
    pj["page"] = g.modules[p.page].path;
    if (r.built_bytes) pj["distPage"] = p.dist_page;
    pj["initial"] = bytes_json(p.initial);
    pj["attributed"] = bytes_json(p.attributed);
    pj["staticModules"] = p.static_modules;
    pj["candidates"] = p.candidates;
    auto& cuts = pj["cuts"] = nlohmann::ordered_json::array();
    for (auto& c : p.cuts)
      cuts.push_back({{"file", g.modules[c.from].path}, {"line", c.line}, {"column", c.column}, {"statement", c.statement},
                      {"target", c.target}, {"package", c.to_package}, {"bytes", bytes_json(c.bytes)}, {"share", c.share},
                      {"packages", c.packages}, {"modules", c.modules}, {"kind", cut_kind_name(c.kind)}, {"why", c.why},
                      {"suggestion", c.suggestion}});
    auto& ineffective = pj["ineffective"] = nlohmann::ordered_json::array();
    for (auto& x : p.ineffective)
      ineffective.push_back(
          {{"target", x.target}, {"specifier", x.specifier}, {"package", x.to_package},
           {"dynamic", {{"file", g.modules[x.dynamic_from].path}, {"line", x.dynamic_line}, {"column", x.dynamic_column}}},
           {"static", {{"file", g.modules[x.static_from].path}, {"line", x.static_line}, {"column", x.static_column}}},
           {"bytes", bytes_json(x.bytes)}});
    auto& misses = pj["treeShaking"] = nlohmann::ordered_json::array();
    for (auto& m : p.shake_misses)
      if (m.module.empty() && !m.imported)
        misses.push_back({{"package", m.package}, {"bytes", bytes_json(m.bytes)}, {"reasons", m.reasons}, {"used", m.used}});
      else if (m.module.empty())
        misses.push_back({{"package", m.package}, {"bytes", bytes_json(m.bytes)}, {"reasons", m.reasons}, {"used", m.used},
                          {"file", g.modules[m.file].path}, {"line", m.line}, {"column", m.column}});
      else
        misses.push_back({{"module", m.module}, {"bytes", bytes_json(m.bytes)}, {"reasons", m.reasons}, {"unused", m.unused},
                          {"file", g.modules[m.file].path}, {"line", m.line}, {"column", m.column}});
    pages.push_back(std::move(pj));
  }
  j["unmatchedPages"] = r.unmatched_pages;
  return json_dump(j, 2) + "\n";
}

}  // namespace kiln::advice
