// `kiln images DIR`: WebP (and AVIF) variants and responsive widths beside every raster image.
#include <nlohmann/json.hpp>
#include <sstream>

#include "cache/content_cache.h"
#include "cli/cli.h"
#include "cli/context.h"
#include "image/picture_markup.h"
#include "image/images.h"
#include "report/remote_summary.h"
#include "report/images_summary.h"
#include "scan/scanner.h"
#include "report/diagnostics_json.h"

namespace kiln::cli {

namespace {

struct ImagesFlags {
  std::string dir;
  image::ImageOptions options;
  std::vector<std::string> widths;
  bool lossless = false, near_lossless = false, lossy = false;
  bool rewrite_html = false;
  std::string base = "/";
};

int run_images(Context& ctx, ImagesFlags& f) {
  auto& opt = f.options;
  auto widths = image::parse_widths(f.widths);
  if (!widths) {
    ctx.err << "kiln: error: --widths: " << widths.error() << '\n';
    return kBadUsage;
  }
  opt.encode.widths = std::move(*widths);
  if (int(f.lossless) + int(f.near_lossless) + int(f.lossy) > 1) {
    ctx.err << "kiln: error: --lossless, --near-lossless and --lossy exclude each other\n";
    return kBadUsage;
  }
  opt.encode.mode = f.lossless        ? image::WebpMode::lossless
                    : f.near_lossless ? image::WebpMode::near_lossless
                    : f.lossy         ? image::WebpMode::lossy
                                      : image::WebpMode::automatic;
  if (!image::valid_preset(opt.encode.preset)) {
    ctx.err << "kiln: error: --preset: one of default, picture, photo, drawing, icon, text\n";
    return kBadUsage;
  }
  opt.jobs = ctx.common.jobs;
  opt.dry_run = ctx.common.dry_run;
  opt.progress = ctx.show_progress();

  scan::ScanResult scanned;
  {
    auto t = ctx.perf.phase("scan");
    ctx.recover(f.dir);
    auto r = scan::scan_tree(ctx.disk, f.dir, {{}, {}, ctx.common.follow_symlinks}, ctx.diags);
    if (!r) {
      ctx.err << "kiln: error: " << r.error() << '\n';
      return kBadUsage;
    }
    scanned = std::move(*r);
  }

  cache::ContentCache cache(ctx.disk, ctx.cache_dir_for(f.dir));
  ctx.attach_remote(cache);
  image::ImagesResult result;
  {
    auto t = ctx.perf.phase("images");
    result = image::convert_images(ctx.disk, f.dir, scanned.files, opt, cache, ctx.diags);
  }

  if (f.rewrite_html) {
    auto t = ctx.perf.phase("rewrite html");
    result.html = image::rewrite_pages(ctx.disk, f.dir, scanned.files, result, f.base, ctx.common.dry_run, ctx.diags);
  }

  {
    ctx.finish_remote();
    auto t = ctx.perf.phase("report");
    std::ostringstream text;
    if (ctx.common.format == "json") {
      auto j = report::images_json(result, opt, ctx.diags);
      if (ctx.remote) j["remoteCache"] = report::remote_summary_json(*ctx.remote);
      text << report::json_text(j) << '\n';
    } else if (!ctx.common.quiet) {
      report::print_images_text(text, result);
      if (ctx.remote) text << "remote cache: " << report::remote_summary_text(*ctx.remote) << '\n';
    }
    ctx.publish(text.str());
  }
  return ctx.finish(false);
}

}  // namespace

void add_images_command(CLI::App& app, Context& ctx, int& exit_code) {
  auto flags = std::make_shared<ImagesFlags>();
  auto* cmd = app.add_subcommand(
      "images",
      "Write a WebP (and with --avif an AVIF) beside every PNG, JPEG, GIF, WebP and TIFF, plus\n"
      "resized variants for --widths (hero.png -> hero.webp, hero-640w.webp, ...), never\n"
      "bigger than the source, cached across builds.");
  cmd->add_option("DIR", flags->dir, "The built folder (e.g. dist)")->required();
  add_common_options(*cmd, ctx.common);
  auto& o = flags->options;
  auto& e = o.encode;
  cmd->add_option("--widths", flags->widths,
                  "Responsive widths in px, e.g. 640,1280,1920 (never upscaled)")
      ->delimiter(',');
  cmd->add_option("--quality", e.quality, "WebP quality 1-100 (near-lossless: its level)")
      ->capture_default_str()
      ->check(CLI::Range(1, 100));
  cmd->add_option("--effort", e.effort, "WebP effort 0 (fast) - 6 (small)")
      ->capture_default_str()
      ->check(CLI::Range(0, 6));
  cmd->add_flag("--lossless", flags->lossless, "Lossless WebP for every image");
  cmd->add_flag("--near-lossless", flags->near_lossless,
                "Near-lossless WebP for every image (level = --quality)");
  cmd->add_flag("--lossy", flags->lossy,
                "Lossy WebP for every image (default: a PNG/GIF gets lossless WebP when a "
                "sample of it says that is smaller)");
  cmd->add_option("--alpha-quality", e.alpha_quality, "Quality of the alpha plane 0-100")
      ->capture_default_str()
      ->check(CLI::Range(0, 100));
  cmd->add_flag("--smart-subsample", e.smart_subsample, "Sharper (and larger) chroma in lossy WebP");
  cmd->add_option("--preset", e.preset, "libwebp preset: default, picture, photo, drawing, icon, text")
      ->capture_default_str();
  cmd->add_flag("--avif", e.avif, "Also write AVIF variants (AV1 through libheif; slow)");
  cmd->add_option("--avif-quality", e.avif_quality, "AVIF quality 1-100")
      ->capture_default_str()
      ->check(CLI::Range(1, 100));
  cmd->add_option("--avif-effort", e.avif_effort, "AVIF effort 0 (fast) - 9 (small)")
      ->capture_default_str()
      ->check(CLI::Range(0, 9));
  cmd->add_option("--max-pixels", o.max_pixels,
                  "Refuse to decode images with more pixels than this (all frames)")
      ->capture_default_str();
  cmd->add_option("--exclude", o.exclude, "Skip images matching GLOB (repeatable)");
  cmd->add_flag("--rasterize-svg", o.rasterize_svg,
                "Also make WebP from SVG drawings, each variant rendered at its size");
  cmd->add_flag("-f,--force", o.force, "Ignore the cache and convert everything again");
  cmd->add_flag("--rewrite-html", flags->rewrite_html,
                "Turn <img src> tags naming converted images into <picture> with WebP/AVIF sources");
  cmd->add_option("--base", flags->base, "Public path the site is served under, for '/…' URLs")->capture_default_str();
  cmd->callback([&ctx, &exit_code, flags] { exit_code = run_images(ctx, *flags); });
}

}  // namespace kiln::cli
