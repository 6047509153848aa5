// `kiln split [SRC] [--dist DIST]`: where to cut each page's initial load. The source graph
// of SRC (as `kiln graph` builds it) gives the imports; with --dist, the built folder's source
// maps (as `kiln analyze` reads them) give the bytes each cut takes out. Advice, not a rule:
// the exit code is 0 unless an input could not be read.
#include <sstream>

#include "advice/chunk_cuts.h"
#include "advice/split_points.h"
#include "advice/split_report.h"
#include "cache/content_cache.h"
#include "cli/cli.h"
#include "cli/context.h"
#include "core/units.h"
#include "source/findings.h"
#include "source/module_graph.h"

namespace kiln::cli {

namespace {

struct SplitFlags {
  std::string dir = ".";
  std::string dist;
  std::string base = "/";
  std::string min_bytes = "10 kB";
  bool chunks = false;
  double min_share = 5;
  advice::SplitOptions options;
  source::GraphOptions graph;
};

pipeline::AnalysisOptions dist_options(const SplitFlags& f) {
  pipeline::AnalysisOptions opt;
  opt.graph.resolver.base = resolve::normalize_base(f.base);
  opt.sourcemaps = !f.chunks;
  return opt;
}

// --chunks: the built folder alone, no sources (advice/chunk_cuts.h).
int run_chunk_cuts(Context& ctx, SplitFlags& f) {
  if (f.dist.empty()) {
    ctx.err << "kiln: error: --chunks needs --dist DIST (the built folder)\n";
    return kBadUsage;
  }
  auto dist = ctx.analyze(f.dist, dist_options(f));
  if (!dist) return kBadUsage;
  std::vector<advice::ChunkPage> pages;
  {
    auto t = ctx.perf.phase("split");
    pages = advice::find_chunk_cuts(*dist, f.options);
  }
  std::ostringstream text;
  if (ctx.common.format == "json") text << advice::chunk_cuts_json(pages, *dist);
  else if (!ctx.common.quiet) advice::print_chunk_cuts(text, pages, *dist, f.options);
  ctx.publish(text.str());
  return ctx.finish(false);
}

int run_split(Context& ctx, SplitFlags& f) {
  auto min_bytes = parse_bytes(f.min_bytes);
  if (!min_bytes) {
    ctx.err << "kiln: error: --min-bytes: " << min_bytes.error() << '\n';
    return kBadUsage;
  }
  f.options.min_bytes = *min_bytes;
  f.options.min_share = f.min_share / 100;
  if (f.chunks) return run_chunk_cuts(ctx, f);
  f.graph.jobs = ctx.common.jobs;
  f.graph.progress = ctx.show_progress();
  cache::ContentCache cache(ctx.disk, ctx.cache_dir_for(f.dir));
  auto graph = source::build_source_graph(ctx.disk, f.dir, f.graph, cache, ctx.diags, ctx.perf);
  if (!graph) {
    ctx.err << "kiln: error: " << graph.error() << '\n';
    return kBadUsage;
  }
  std::optional<pipeline::Analysis> dist;
  if (!f.dist.empty()) {
    dist = ctx.analyze(f.dist, dist_options(f));
    if (!dist) return kBadUsage;
  }
  advice::SplitReport report;
  {
    auto t = ctx.perf.phase("split");
    auto entries = source::find_entries(ctx.disk, *graph);
    report = advice::find_split_points(ctx.disk, *graph, entries, dist ? &*dist : nullptr, f.options);
    report.dist = f.dist;
  }
  advice::SplitReportInput in{*graph, report, f.options};
  std::ostringstream text;
  const auto& format = ctx.common.format;
  if (format == "json") text << advice::split_json(in);
  else if (format == "markdown") advice::print_split_markdown(text, in);
  else if (format == "github") advice::print_split_github(text, in);
  else if (!ctx.common.quiet) advice::print_split_text(text, in);
  ctx.publish(text.str());
  return ctx.finish(false);
}

}  // namespace

void add_split_command(CLI::App& app, Context& ctx, int& exit_code) {
  auto flags = std::make_shared<SplitFlags>();
  auto* cmd = app.add_subcommand(
      "split", "Where to split each page's initial load: the static imports that, made lazy, take the most bytes out "
               "of it (with --dist, built bytes from its source maps), the form of each change, and dynamic imports "
               "that move nothing.");
  cmd->add_option("SRC", flags->dir, "The app's source folder (with its package.json)")->capture_default_str();
  cmd->add_option("--dist", flags->dist, "The built folder with source maps: measure built raw/gzip/brotli bytes");
  cmd->add_option("--base", flags->base, "Public path the dist is served under")->capture_default_str();
  add_common_options(*cmd, ctx.common, false);
  cmd->get_option("--format")->check(CLI::IsMember({"text", "json", "markdown", "github"}));
  cmd->add_option("--min-bytes", flags->min_bytes, "Show cuts of at least this many bytes (brotli with --dist)")
      ->capture_default_str();
  cmd->add_option("--min-share", flags->min_share, "… or at least this percentage of the page's initial load")
      ->capture_default_str();
  cmd->add_flag("--chunks", flags->chunks,
                "Chunk-level cuts from --dist alone (no sources): which static import between built files, made lazy, "
                "takes how many bytes out of each page (text or json)");
  cmd->add_option("--max", flags->options.max_per_page, "At most N cuts per page")->capture_default_str();
  cmd->add_option("--entry", flags->options.entries, "Also treat source files matching GLOB as pages (repeatable)");
  cmd->add_option("--exclude", flags->graph.exclude, "Ignore source files matching GLOB (repeatable)");
  cmd->add_option("--no-convention", flags->graph.no_conventions,
                  "Turn an entry convention off: vite, next, tests, configs, index, storybook (repeatable)");
  cmd->callback([&ctx, &exit_code, flags] { exit_code = run_split(ctx, *flags); });
}

}  // namespace kiln::cli
