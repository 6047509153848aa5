// `kiln analyze DIR`: the asset graph of a built folder and what each page ships.
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/cli.h"
#include "cli/context.h"
#include "pipeline/analysis.h"
#include "report/analyze_html.h"
#include "report/analyze_report.h"
#include "report/diagnostics_json.h"

namespace kiln::cli {

namespace {

struct AnalyzeFlags {
  std::string dir;
  std::string base = "/";
  pipeline::AnalysisOptions options;
};

int run_analyze(Context& ctx, AnalyzeFlags& f) {
  auto& opt = f.options;
  opt.graph.resolver.base = resolve::normalize_base(f.base);
  auto analysis = ctx.analyze(f.dir, opt);
  if (!analysis) return kBadUsage;
  auto t = ctx.perf.phase("report");
  report::AnalyzeReportOptions ro{f.dir, opt.graph.resolver.base};
  std::ostringstream text;
  if (ctx.common.format == "json") text << report::json_text(report::analyze_json(*analysis, ro, ctx.diags)) << '\n';
  else if (ctx.common.format == "html") text << report::analyze_html(report::analyze_json(*analysis, ro, ctx.diags), "analyze " + f.dir);
  else if (ctx.common.format == "markdown") report::print_analyze_markdown(text, *analysis, ro);
  else if (!ctx.common.quiet) report::print_analyze_text(text, *analysis, ro);
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
  cmd->get_option("--format")->check(CLI::IsMember({"text", "json", "markdown", "html"}));
  cmd->add_option("--base", flags->base, "Public path the site is served under, for '/…' URLs")
      ->capture_default_str();
  cmd->add_option("--entry", flags->options.graph.entries,
                  "Also treat FILE as an entry (JS-only outputs, workers); repeatable");
  cmd->add_option("--assume-used", flags->options.graph.assume_used,
                  "Files matching GLOB are used by convention, never reported unreferenced");
  cmd->add_option("--exclude", flags->options.exclude, "Ignore files matching GLOB (repeatable)");
  cmd->callback([&ctx, &exit_code, flags] { exit_code = run_analyze(ctx, *flags); });
}

}  // namespace kiln::cli
