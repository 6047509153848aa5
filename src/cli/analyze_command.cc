// `kiln analyze DIR`: the asset graph of a built folder and what each page ships.
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/cli.h"
#include "cli/context.h"
#include "pipeline/analysis.h"
#include "report/analyze_html.h"
#include "report/analyze_report.h"
#include "report/bundle_report.h"
#include "report/diagnostics_json.h"
#include "report/stats_report.h"
#include "sourcemap/stats_link.h"

namespace kiln::cli {

namespace {

struct AnalyzeFlags {
  std::string dir;
  std::string base = "/";
  bool sourcemaps = true;
  std::vector<std::string> stats;  // --stats FILE; none: the stats files found in DIR
  bool find_stats = true;
  pipeline::AnalysisOptions options;
};

// --format source-map-explorer: what that tool computes (raw bytes of each file with a map),
// so nothing else is done: a scan, then the sourcemaps phase finding maps by their comments.
// Measured 3x less CPU than the full analysis on leaflet's dist/, which the parse dominated.
int run_source_map_explorer(Context& ctx, AnalyzeFlags& f) {
  pipeline::Analysis a;
  {
    auto t = ctx.perf.phase("scan");
    auto scanned = scan::scan_tree(ctx.disk, f.dir, {{}, f.options.exclude}, ctx.diags);
    if (!scanned) {
      ctx.err << "kiln: error: " << scanned.error() << '\n';
      return kBadUsage;
    }
    a.files = std::move(scanned->files);
  }
  {
    auto t = ctx.perf.phase("sourcemaps");
    std::string cache_dir = ctx.common.no_cache ? "" : ctx.cache_dir_for(f.dir);
    cache::ContentCache cache(ctx.disk, cache_dir);
    std::vector<parse::ParsedFile> no_parse;
    std::vector<std::vector<scan::FileId>> no_targets;
    a.bundles = sourcemap::analyze_bundles(ctx.disk, f.dir, {a.files, no_parse, no_targets, {}, {}},
                                           {ctx.common.jobs, true}, cache, ctx.diags);
  }
  ctx.publish(report::source_map_explorer_json(a, f.dir));
  return ctx.finish(false);
}

// Bundler stats: the files given with --stats, else those found in DIR (stats.json, meta.json, …).
// A file given that cannot be read is an error; a found one is only a warning, and a found
// one with neither modules nor outputs is no bundler's stats (a site's own meta.json): skipped.
void read_stats(Context& ctx, const AnalyzeFlags& f, pipeline::Analysis& a) {
  auto t = ctx.perf.phase("stats");
  if (!f.stats.empty()) {
    a.stats = sourcemap::link_stats(f.stats, f.stats, a.files, ctx.diags);
    return;
  }
  if (!f.find_stats) return;
  std::vector<std::string> paths, shown;
  for (const auto& p : sourcemap::stats_files_in(a.files)) paths.push_back(f.dir + "/" + p), shown.push_back(p);
  Diagnostics found;
  a.stats = sourcemap::link_stats(paths, shown, a.files, found);
  for (auto d : found.sorted()) {
    d.severity = Severity::warning;
    d.message = "not read as bundler stats: " + d.message.substr(d.message.find(": ") + 2);
    ctx.diags.add(std::move(d));
  }
  std::erase_if(a.stats, [](const sourcemap::LinkedStats& l) {
    return l.stats.modules.empty() && l.stats.outputs.empty();
  });
}

int run_analyze(Context& ctx, AnalyzeFlags& f) {
  auto& opt = f.options;
  opt.graph.resolver.base = resolve::normalize_base(f.base);
  bool sme = ctx.common.format == "source-map-explorer";
  opt.sourcemaps = f.sourcemaps;
  if (sme) return run_source_map_explorer(ctx, f);
  auto analysis = ctx.analyze(f.dir, opt);
  if (!analysis) return kBadUsage;
  read_stats(ctx, f, *analysis);
  report::warn_public_maps(*analysis, ctx.diags);
  auto t = ctx.perf.phase("report");
  report::AnalyzeReportOptions ro{f.dir, opt.graph.resolver.base};
  std::ostringstream text;
  if (ctx.common.format == "webpack-stats") text << report::webpack_stats_json(*analysis, opt.graph.resolver.base);
  else if (ctx.common.format == "json") text << report::json_text(report::analyze_json(*analysis, ro, ctx.diags)) << '\n';
  else if (ctx.common.format == "html") text << report::analyze_html(report::analyze_json(*analysis, ro, ctx.diags), "analyze " + f.dir);
  else if (ctx.common.format == "markdown") report::print_analyze_markdown(text, *analysis, ro);
  else if (!ctx.common.quiet) {
    report::print_analyze_text(text, *analysis, ro);
    report::print_bundles_text(text, *analysis);
    report::print_why_text(text, *analysis);
  }
  ctx.publish(text.str());
  return ctx.finish(false);
}

}  // namespace

void add_analyze_command(CLI::App& app, Context& ctx, int& exit_code) {
  auto flags = std::make_shared<AnalyzeFlags>();
  auto* cmd = app.add_subcommand(
      "analyze", "The asset graph of a built folder: what each page loads first and later, in raw, gzip and brotli bytes.");
  cmd->add_option("DIR", flags->dir, "The built folder (e.g. dist)")->required();
  add_common_options(*cmd, ctx.common, false);
  cmd->get_option("--format")->check(CLI::IsMember({"text", "json", "markdown", "html", "source-map-explorer", "webpack-stats"}));
  cmd->add_option("--base", flags->base, "Public path the site is served under, for '/…' URLs")
      ->capture_default_str();
  cmd->add_option("--entry", flags->options.graph.entries,
                  "Also treat FILE as an entry (JS-only outputs, workers); repeatable");
  cmd->add_option("--assume-used", flags->options.graph.assume_used,
                  "Files matching GLOB are used by convention, never reported unreferenced");
  cmd->add_option("--exclude", flags->options.exclude, "Ignore files matching GLOB (repeatable)");
  cmd->add_flag("!--no-sourcemaps", flags->sourcemaps,
                "Do not read source maps (no bytes per package and source)");
  cmd->add_option("--stats", flags->stats,
                  "Bundler stats to read: webpack stats.json or esbuild metafile (repeatable; default: "
                  "stats.json, meta.json, *-stats.json, *.meta.json, … found in DIR)");
  cmd->add_flag("!--no-stats", flags->find_stats, "Do not look for bundler stats in DIR");
  add_viewport_option(*cmd, flags->options.graph.viewport);
  cmd->callback([&ctx, &exit_code, flags] { exit_code = run_analyze(ctx, *flags); });
}

}  // namespace kiln::cli
