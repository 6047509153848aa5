// `kiln graph [DIR]`: the source module graph of an app or package (source/): unused files,
// exports and dependencies, unlisted and unresolved imports, cycles. Exit 1 when there are
// findings of a kind --fail-on names (all by default), like `kiln budget`.
#include <sstream>

#include "cache/content_cache.h"
#include "cli/cli.h"
#include "cli/context.h"
#include "source/findings.h"
#include "source/fix.h"
#include "source/module_graph.h"
#include "source/report.h"

namespace kiln::cli {

namespace {

struct GraphFlags {
  std::string dir = ".";
  source::GraphOptions options;
  std::vector<std::string> fail_on = {"all"};
  bool fix = false;
};

bool fails(const std::vector<source::FindingLine>& lines, const std::vector<std::string>& fail_on) {
  for (auto& l : lines)
    for (auto& k : fail_on)
      if (k == "all" || k == l.category) return true;
  return false;
}

int run_graph(Context& ctx, GraphFlags& f) {
  f.options.jobs = ctx.common.jobs;
  f.options.progress = ctx.show_progress();
  cache::ContentCache cache(ctx.disk, ctx.cache_dir_for(f.dir));
  auto graph = source::build_source_graph(ctx.disk, f.dir, f.options, cache, ctx.diags, ctx.perf);
  if (!graph) {
    ctx.err << "kiln: error: " << graph.error() << '\n';
    return kBadUsage;
  }
  source::Findings findings;
  {
    auto t = ctx.perf.phase("findings");
    findings = source::analyze_graph(ctx.disk, *graph, {});
  }
  if (f.fix) {
    // --fix: the safe fixes (source/fix.h); with --dry-run their diff, on stderr, and nothing written.
    auto fixes = source::plan_fixes(ctx.disk, *graph, findings, ctx.diags);
    size_t exports = 0, deps = 0;
    for (auto& x : fixes) exports += x.exports, deps += x.dependencies;
    if (ctx.common.dry_run) ctx.err << source::fixes_diff(fixes);
    size_t written = ctx.common.dry_run ? 0 : source::apply_fixes(ctx.disk, f.dir, fixes, ctx.diags);
    ctx.err << "kiln graph --fix: " << exports << " export keywords and " << deps << " dependencies removed in "
            << fixes.size() << (fixes.size() == 1 ? " file" : " files")
            << (ctx.common.dry_run ? " (dry run: nothing written)" : ", " + std::to_string(written) + " written") << '\n';
  }
  source::ReportInput in{*graph, findings};
  auto lines = source::finding_lines(in);
  std::ostringstream text;
  const auto& format = ctx.common.format;
  if (format == "json") text << source::graph_json(in);
  else if (format == "knip") text << source::knip_json(in);
  else if (format == "dot") text << source::graph_dot(in);
  else if (format == "markdown") source::print_markdown(text, in);
  else if (format == "github") source::print_github(text, in);
  else if (!ctx.common.quiet || !lines.empty()) source::print_text(text, in);
  ctx.publish(text.str());
  return ctx.finish(fails(lines, f.fail_on));
}

}  // namespace

void add_graph_command(CLI::App& app, Context& ctx, int& exit_code) {
  auto flags = std::make_shared<GraphFlags>();
  auto* cmd = app.add_subcommand(
      "graph", "The source module graph of an app (JS/TS/TSX/Vue/Svelte, Node + tsconfig resolution): unused files, "
               "exports and dependencies, unlisted and unresolved imports, cycles; exit 1 when there are findings.");
  cmd->add_option("DIR", flags->dir, "The app's or package's source folder (with its package.json)")->capture_default_str();
  add_common_options(*cmd, ctx.common, false);
  cmd->get_option("--format")->check(CLI::IsMember({"text", "json", "dot", "knip", "markdown", "github"}));
  cmd->add_option("--entry", flags->options.entries, "Also treat files matching GLOB as entries (repeatable)");
  cmd->add_option("--exclude", flags->options.exclude, "Ignore files matching GLOB (repeatable)");
  cmd->add_option("--no-convention", flags->options.no_conventions,
                  "Turn an entry convention off: vite, next, tests, configs, index, storybook (repeatable)");
  cmd->add_option("--fail-on", flags->fail_on,
                  "Finding kinds that make the exit code 1: all (default), none, files, exports, types, conflicts, "
                  "dependencies, unlisted, duplicates, unresolved, cycles, type-cycles")
      ->delimiter(',');
  cmd->add_flag("--fix", flags->fix,
                "Remove the `export` keyword of unused exports and unused dependencies from package.json "
                "(each file written atomically; with --dry-run: print the diff, write nothing). The report is the "
                "one before the fixes");
  cmd->callback([&ctx, &exit_code, flags] { exit_code = run_graph(ctx, *flags); });
}

}  // namespace kiln::cli
