// `kiln compress DIR`: .br/.gz(/.zst) sidecars beside every compressible file.
#include <nlohmann/json.hpp>
#include <sstream>

#include "cache/content_cache.h"
#include "cli/cli.h"
#include "cli/context.h"
#include "compress/compressor.h"
#include "core/units.h"
#include "report/remote_summary.h"
#include "report/compress_summary.h"
#include "scan/scanner.h"
#include "report/diagnostics_json.h"

namespace kiln::cli {

namespace {

struct CompressFlags {
  std::string dir;
  compress::CompressOptions options;
  std::string threshold = "1024";
  std::string gzip_engine = "libdeflate";
  int gzip_level = -1;
  bool no_brotli = false, no_gzip = false;
};

int run_compress(Context& ctx, CompressFlags& f) {
  auto& opt = f.options;
  auto threshold = parse_bytes(f.threshold);
  if (!threshold) {
    ctx.err << "kiln: error: --threshold: " << threshold.error() << '\n';
    return kBadUsage;
  }
  opt.threshold = *threshold;
  auto engine = compress::parse_gzip_engine(f.gzip_engine);
  if (!engine) {
    ctx.err << "kiln: error: --gzip-engine: " << engine.error() << '\n';
    return kBadUsage;
  }
  opt.codec.gzip_engine = *engine;
  opt.codec.gzip_level = f.gzip_level >= 0 ? f.gzip_level
                         : *engine == compress::GzipEngine::zlib ? 9
                                                                 : 10;
  int max_level = *engine == compress::GzipEngine::zlib ? 9 : 12;
  if (opt.codec.gzip_level < 1 || opt.codec.gzip_level > max_level) {
    ctx.err << "kiln: error: --gzip-level: " << f.gzip_engine << " takes 1 to " << max_level << '\n';
    return kBadUsage;
  }
  opt.brotli = !f.no_brotli;
  opt.gzip = !f.no_gzip;
  opt.jobs = ctx.common.jobs;
  opt.dry_run = ctx.common.dry_run;
  opt.progress = ctx.show_progress();

  scan::ScanResult scanned;
  {
    auto t = ctx.perf.phase("scan");
    ctx.recover(f.dir);
    auto r = scan::scan_tree(ctx.disk, f.dir, {{}, opt.exclude, ctx.common.follow_symlinks}, ctx.diags);
    if (!r) {
      ctx.err << "kiln: error: " << r.error() << '\n';
      return kBadUsage;
    }
    scanned = std::move(*r);
  }

  cache::ContentCache cache(ctx.disk, ctx.cache_dir_for(f.dir));
  ctx.attach_remote(cache);
  compress::CompressResult result;
  {
    auto t = ctx.perf.phase("compress");
    result = compress::compress_files(ctx.disk, f.dir, scanned.files, opt, cache, ctx.diags);
  }

  {
    ctx.finish_remote();
    auto t = ctx.perf.phase("report");
    std::ostringstream text;
    if (ctx.common.format == "json") {
      auto j = report::compress_json(result, opt, ctx.diags);
      if (ctx.remote) j["remoteCache"] = report::remote_summary_json(*ctx.remote);
      text << report::json_text(j) << '\n';
    } else if (!ctx.common.quiet) {
      report::print_compress_text(text, result, opt);
      if (ctx.remote) text << "remote cache: " << report::remote_summary_text(*ctx.remote) << '\n';
    }
    ctx.publish(text.str());
  }
  return ctx.finish(false);
}

}  // namespace

void add_compress_command(CLI::App& app, Context& ctx, int& exit_code) {
  auto flags = std::make_shared<CompressFlags>();
  auto* cmd = app.add_subcommand(
      "compress",
      "Write .br and .gz (and with --zstd .zst) sidecars beside every compressible file.");
  cmd->add_option("DIR", flags->dir, "The built folder (e.g. dist)")->required();
  add_common_options(*cmd, ctx.common);
  auto& o = flags->options;
  cmd->add_option("--include", o.include,
                  "Also compress files matching GLOB (repeatable), e.g. '**/*.map'");
  cmd->add_option("--exclude", o.exclude, "Skip files matching GLOB (repeatable)");
  cmd->add_option("--threshold", flags->threshold,
                  "Only files at least this big (bytes, or '2 kB', '1 KiB')")
      ->capture_default_str();
  cmd->add_option("--min-ratio", o.min_ratio,
                  "Write a sidecar only when compressed/original <= RATIO")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_flag("--zstd", o.zstd, "Also write .zst (level 19, 8 MiB window for browsers)");
  cmd->add_flag("--no-brotli", flags->no_brotli, "Do not write .br");
  cmd->add_flag("--no-gzip", flags->no_gzip, "Do not write .gz");
  cmd->add_option("--brotli-quality", o.codec.brotli_quality, "Brotli quality 0-11")
      ->capture_default_str()
      ->check(CLI::Range(0, 11));
  cmd->add_option("--gzip-engine", flags->gzip_engine, "zlib, libdeflate or zopfli")
      ->capture_default_str();
  cmd->add_option("--gzip-level", flags->gzip_level,
                  "gzip level (zlib 1-9, default 9; libdeflate 1-12, default 10)");
  cmd->add_option("--zstd-level", o.codec.zstd_level, "zstd level 1-22")
      ->capture_default_str()
      ->check(CLI::Range(1, 22));
  cmd->add_flag("-f,--force", o.force, "Ignore the cache and compress everything again");
  cmd->callback([&ctx, &exit_code, flags] { exit_code = run_compress(ctx, *flags); });
}

}  // namespace kiln::cli
