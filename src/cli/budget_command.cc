// `kiln budget DIR`: checks a built folder against its budgets (kiln.json, Lighthouse
// budget.json, size-limit, bundlesize, bundlewatch) and, with --baseline, against the base
// branch's report. Exit 1 when an error-level budget is broken, 2 for a bad config.
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <sstream>

#include "budget/config.h"
#include "budget/evaluate.h"
#include "budget/snapshot.h"
#include "cli/cli.h"
#include "cli/context.h"
#include "config/kiln_config.h"
#include "pipeline/analysis.h"
#include "report/analyze_report.h"
#include "report/budget_report.h"
#include "report/diagnostics_json.h"

namespace kiln::cli {

namespace {

struct BudgetFlags {
  std::string dir;
  std::string base = "/";
  std::vector<std::string> budgets;
  std::string config;
  std::string baseline;
  std::string summary_file;  // --step-summary; default $GITHUB_STEP_SUMMARY with --format github
  pipeline::AnalysisOptions options;
};

// Appends to the step summary file (GitHub gives each step its own; others may have written).
void append_summary(Context& ctx, const std::string& path, const std::string& text) {
  std::string existing;
  if (auto st = ctx.disk.stat(path); st && st->type == fs::EntryType::file)
    if (auto old = ctx.disk.read_file(path)) existing = std::move(*old);
  if (auto s = ctx.disk.write_file(path, existing + text); !s) ctx.diags.error(path, s.error());
}

int run_budget(Context& ctx, BudgetFlags& f) {
  // Budgets first: a bad config is reported before any work is done.
  budget::BudgetOptions bo{f.dir, f.budgets, f.config};
  // kiln.json is found as `kiln build` finds it (DIR, then every parent), not only up to the
  // project root where the other formats are looked for.
  if (bo.kiln_config.empty() && bo.budgets.empty()) bo.kiln_config = config::find_config(ctx.disk, f.dir.empty() ? "." : f.dir);
  auto loaded = budget::load_budgets(ctx.disk, bo);
  if (loaded.error) {
    budget::print_error(ctx.err, *loaded.error);
    return loaded.error->unreadable ? kInputFailed : kBadUsage;
  }

  std::optional<budget::Snapshot> baseline;
  if (!f.baseline.empty()) {
    bool unreadable = false;
    auto snap = budget::load_baseline(ctx.disk, f.baseline, unreadable);
    if (!snap) {
      ctx.err << "kiln: error: " << snap.error() << '\n';
      return unreadable ? kInputFailed : kBadUsage;
    }
    baseline = std::move(*snap);
  }

  auto& opt = f.options;
  opt.graph.resolver.base = resolve::normalize_base(f.base);
  auto analysis = ctx.analyze(f.dir, opt);
  if (!analysis) return kBadUsage;

  auto t = ctx.perf.phase("budgets");
  // Budgets are checked on the analysis itself; `kiln budget --format json` repeats the
  // analysis facts, so its output is the next run's --baseline.
  budget::Snapshot now = budget::snapshot_of(*analysis);
  report::BudgetReport r;
  r.root = f.dir;
  r.sources = loaded.budgets.sources;
  r.baseline = f.baseline;
  r.checks = budget::evaluate(loaded.budgets.rules, now, baseline ? &*baseline : nullptr);
  if (baseline) r.comparison = budget::compare(*baseline, now);
  auto counts = report::count_checks(r.checks);

  std::ostringstream text;
  const auto& format = ctx.common.format;
  if (format == "json") {
    report::AnalyzeReportOptions ro{f.dir, opt.graph.resolver.base};
    text << report::json_text(report::budget_json(report::analyze_json(*analysis, ro, ctx.diags), r)) << '\n';
  }
  else if (format == "markdown") report::print_budget_markdown(text, r);
  else if (format == "junit") report::print_budget_junit(text, r);
  else if (format == "size-limit") text << report::size_limit_json(r);
  else if (format == "github") {
    report::print_budget_github(text, r);
    std::string summary = f.summary_file;
    if (summary.empty())
      if (const char* env = std::getenv("GITHUB_STEP_SUMMARY")) summary = env;
    if (!summary.empty()) {
      std::ostringstream md;
      report::print_budget_markdown(md, r);
      append_summary(ctx, summary, md.str());
    }
  } else if (!ctx.common.quiet || counts.fail) {
    report::print_budget_text(text, r);
  }
  ctx.publish(text.str());
  return ctx.finish(counts.fail > 0);
}

}  // namespace

void add_budget_command(CLI::App& app, Context& ctx, int& exit_code) {
  auto flags = std::make_shared<BudgetFlags>();
  auto* cmd = app.add_subcommand(
      "budget", "Check a built folder against its size budgets (kiln.json, Lighthouse budget.json, size-limit, "
                "bundlesize, bundlewatch); exit 1 when one is broken.");
  cmd->add_option("DIR", flags->dir, "The built folder (e.g. dist)")->required();
  add_common_options(*cmd, ctx.common, false);
  cmd->get_option("--format")->check(CLI::IsMember({"text", "json", "markdown", "github", "junit", "size-limit"}));
  cmd->add_option("--budget", flags->budgets,
                  "Budget file (kiln.json, budget.json, .size-limit.json, package.json, bundlesize/bundlewatch "
                  "config); repeatable. Default: found in DIR and its parents");
  cmd->add_option("-c,--config", flags->config, "kiln.json to read the \"budget\" section from");
  cmd->add_option("--baseline", flags->baseline,
                  "The base branch's report (kiln analyze/budget --format json): deltas and relative budgets");
  cmd->add_option("--step-summary", flags->summary_file,
                  "With --format github: append the markdown table here (default: $GITHUB_STEP_SUMMARY)");
  cmd->add_option("--base", flags->base, "Public path the site is served under, for '/…' URLs")->capture_default_str();
  cmd->add_option("--entry", flags->options.graph.entries, "Also treat FILE as an entry (JS-only outputs); repeatable");
  cmd->add_option("--exclude", flags->options.exclude, "Ignore files matching GLOB (repeatable)");
  add_viewport_option(*cmd, flags->options.graph.viewport);
  cmd->callback([&ctx, &exit_code, flags] { exit_code = run_budget(ctx, *flags); });
}

}  // namespace kiln::cli
