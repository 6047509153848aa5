// `kiln init [DIR]`: a commented starter kiln.json for the folder, with budgets derived from
// what each page ships today plus headroom, so CI starts green and catches the next growth.
#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/cli.h"
#include "cli/context.h"
#include "core/units.h"
#include "pipeline/analysis.h"

namespace kiln::cli {

namespace {

struct InitFlags {
  std::string dir = "dist";
  std::string output = "kiln.json";
  double headroom = 0.10;
  bool force = false;
};

// Rounds up to a readable limit: whole kB below 100 kB, 5 kB steps above.
std::string limit_text(uint64_t bytes, double headroom) {
  double kb = double(bytes) * (1.0 + headroom) / 1000.0;
  double step = kb < 100 ? 1 : 5;
  return std::to_string(static_cast<uint64_t>(std::ceil(kb / step) * step)) + " kB";
}

std::string quoted(const std::string& s) { return nlohmann::json(s).dump(); }

// `dir` as kiln.json at `config` must name it: relative to the config's folder, as
// `kiln build` reads it.
std::string dir_for_config(const std::string& dir, const std::string& config) {
  namespace stdfs = std::filesystem;
  stdfs::path folder = stdfs::absolute(config).lexically_normal().parent_path();
  std::string rel = stdfs::absolute(dir).lexically_normal().lexically_relative(folder).generic_string();
  while (rel.size() > 1 && rel.back() == '/') rel.pop_back();
  return rel.empty() ? "." : rel;
}

int run_init(Context& ctx, InitFlags& f) {
  if (auto st = ctx.disk.stat(f.output); st && !f.force) {
    ctx.err << "kiln: error: " << f.output << " exists; use --force to replace it\n";
    return kBadUsage;
  }
  auto a = ctx.analyze(f.dir, {});
  if (!a) return kBadUsage;
  std::ostringstream j;
  j << "// kiln.json: the config of `kiln build` (written by `kiln init`; comments are allowed).\n"
    << "// Every key is checked: a typo is an error that names the key and suggests the right one.\n"
    << "{\n"
    << "  // The built folder, relative to this file.\n"
    << "  \"dir\": " << quoted(dir_for_config(f.dir, f.output)) << ",\n"
    << "  // The public path the site is served under (\"/app/\" for https://host/app/).\n"
    << "  \"base\": \"/\",\n"
    << "  // A reference to a missing file stops the build before anything is changed.\n"
    << "  \"failOnMissing\": true,\n\n"
    << "  // WebP variants beside every PNG/JPEG/GIF/TIFF (and responsive widths).\n"
    << "  \"images\": { \"enabled\": false, \"widths\": [640, 1280, 1920], \"quality\": 80 },\n\n"
    << "  // Content-hashed names, rewritten references, manifest.json, chunk manifest, _headers.\n"
    << "  \"hash\": { \"enabled\": true, \"sri\": false, \"keep\": [] },\n\n"
    << "  // .br and .gz sidecars (brotli q11, libdeflate 10); \"zstd\": true adds .zst.\n"
    << "  \"compress\": { \"enabled\": true, \"threshold\": \"1 KiB\", \"minRatio\": 0.8, \"zstd\": false },\n\n"
    << "  // A Workbox-compatible precache list; with \"sw\", injected at self.__WB_MANIFEST.\n"
    << "  \"precache\": { \"enabled\": false, \"globPatterns\": [\"**/*.{js,wasm,css,html}\"] },\n\n"
    << "  // Budgets from today's sizes plus " << static_cast<int>(f.headroom * 100) << "% headroom (brotli bytes).\n"
    << "  \"budget\": {\n    \"entries\": [";
  bool first = true;
  for (const auto& e : a->graph.entries) {
    auto initial = pipeline::breakdown(*a, e.initial);
    auto on_use = pipeline::breakdown(*a, e.on_use);
    auto lazy = pipeline::breakdown(*a, e.lazy);
    pipeline::Sizes total = initial.total;
    total += on_use.total;
    total += lazy.total;
    j << (first ? "\n" : ",\n") << "      { \"path\": " << quoted(a->files[e.file].path)
      << ", \"initial\": " << quoted(limit_text(initial.total.brotli, f.headroom));
    if (on_use.files) j << ", \"onUse\": " << quoted(limit_text(on_use.total.brotli, f.headroom));
    j << ", \"total\": " << quoted(limit_text(total.brotli, f.headroom)) << " }";
    first = false;
  }
  j << (first ? "" : "\n    ") << "],\n";
  pipeline::Sizes scripts;
  for (const auto& file : a->files)
    if (file.kind == scan::FileKind::script) scripts += a->facts[file.id].sizes;
  j << "    \"types\": { \"script\": " << quoted(limit_text(scripts.brotli, f.headroom)) << " }\n  }\n}\n";
  if (!ctx.common.dry_run)
    if (auto s = ctx.disk.write_file(f.output, j.str()); !s) {
      ctx.err << "kiln: error: " << f.output << ": " << s.error() << '\n';
      return kInputFailed;
    }
  if (!ctx.common.quiet)
    ctx.out << (ctx.common.dry_run ? j.str() : "wrote " + f.output + " for " + f.dir + " (" +
                                                   std::to_string(a->graph.entries.size()) + " entries)\n");
  return ctx.finish(false);
}

}  // namespace

void add_init_command(CLI::App& app, Context& ctx, int& exit_code) {
  auto flags = std::make_shared<InitFlags>();
  auto* cmd = app.add_subcommand("init", "Write a commented starter kiln.json, with budgets from today's sizes.");
  cmd->add_option("DIR", flags->dir, "The built folder")->capture_default_str();
  add_common_options(*cmd, ctx.common);
  cmd->add_option("--to", flags->output, "Where to write the config")->capture_default_str();
  cmd->add_option("--headroom", flags->headroom, "Budget headroom over today's sizes (0.1 = 10%)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 10.0));
  cmd->add_flag("-f,--force", flags->force, "Replace an existing config");
  cmd->callback([&ctx, &exit_code, flags] { exit_code = run_init(ctx, *flags); });
}

}  // namespace kiln::cli
