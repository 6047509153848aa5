// `kiln build [DIR]`: the whole pipeline from kiln.json, then the budget verdict. The step
// teams put after their bundler: "postbuild": "kiln build dist".
#include <nlohmann/json.hpp>
#include <sstream>

#include "budget/config.h"
#include "budget/evaluate.h"
#include "budget/snapshot.h"
#include "cli/cli.h"
#include "cli/context.h"
#include "config/kiln_config.h"
#include "core/file_name.h"
#include "core/units.h"
#include "fs/read_once_disk.h"
#include "pipeline/build.h"
#include "report/analyze_report.h"
#include "report/budget_report.h"
#include "report/compress_summary.h"
#include "report/analyze_html.h"
#include "report/diagnostics_json.h"
#include "report/remote_summary.h"

namespace kiln::cli {

namespace {

struct BuildFlags {
  std::string dir;
  std::string config;
  std::string baseline;
  std::string shard;  // --shard I/N
  bool force = false;
  graph::Viewport viewport;
};

std::string parent_dir(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? "." : path.substr(0, slash);
}

void print_phases(std::ostream& out, const pipeline::BuildResult& r, const config::BuildConfig& cfg, bool dry) {
  char line[256];
  auto row = [&](const char* phase, const std::string& text) {
    std::snprintf(line, sizeof line, "  %-9s ", phase);
    out << line << text << '\n';
  };
  if (r.analysis) {
    const auto& a = *r.analysis;
    row("check", with_thousands(a.files.size()) + " files, " + std::to_string(a.graph.entries.size()) + " entries, " +
                     std::to_string(a.graph.edges.size()) + " references, " + std::to_string(a.graph.missing) +
                     " missing; " + std::to_string(r.parses_run + r.parses_cached) + " files parsed, " +
                     std::to_string(r.parses_cached) + " from the cache");
  }
  if (r.images) {
    uint64_t converted = 0, written = 0, variants = 0, before = 0, after = 0;
    for (const auto& img : r.images->images) {
      bool any = false;
      for (const auto& v : img.variants) {
        if (v.outcome == image::Outcome::written || v.outcome == image::Outcome::up_to_date) {
          any = true;
          ++variants;
          if (v.requested_width == 0) after += v.bytes;
        }
        if (v.outcome == image::Outcome::written) ++written;
      }
      if (any) ++converted, before += img.bytes;
    }
    row("images", std::to_string(converted) + " of " + std::to_string(r.images->images.size()) + " images, " +
                      std::to_string(variants) + " variants (" + std::to_string(written) + " written); full-size " +
                      format_bytes(before) + " -> " + format_bytes(after) + " WebP; " +
                      std::to_string(r.images->cache_hits) + " from the cache");
  } else {
    row("images", "off (images.enabled in kiln.json)");
  }
  if (r.html)
    row("html", std::to_string(r.html->changed) + " of " + std::to_string(r.html->pages) + " pages " +
                    (dry ? "would change" : "changed") + ": " + std::to_string(r.html->sized) + " <img> sized, " +
                    std::to_string(r.html->high) + " fetchpriority=high, " + std::to_string(r.html->lazy) + " lazy, " +
                    std::to_string(r.html->preloads) + " modulepreload, " + std::to_string(r.html->fonts) + " font preload; " + std::to_string(r.html->warnings) +
                    " warnings");
  else
    row("html", "off (html.enabled in kiln.json)");
  if (r.plan) {
    row("hash", std::to_string(r.plan->renamed) + " renamed, " + std::to_string(r.plan->rewritten_refs) +
                    " references rewritten; " + cfg.hash.manifest +
                    (cfg.hash.chunk_manifest.empty() ? "" : ", " + cfg.hash.chunk_manifest) +
                    (cfg.hash.headers && r.outputs ? ", _headers (" + std::to_string(r.outputs->headers_rules) + " rules)" : ""));
  } else {
    row("hash", "off");
  }
  if (r.precache)
    row("precache", std::to_string(r.precache->entries.size()) + " entries (" + format_bytes(r.precache->total_size) +
                        ") " + (dry ? "for " : "in ") + r.precache_target);
  if (r.compress) {
    auto t = report::total_up(*r.compress);
    const auto& br = t.enc[size_t(compress::Encoding::brotli)];
    const auto& gz = t.enc[size_t(compress::Encoding::gzip)];
    row("compress", std::to_string(t.compressed) + " files: brotli " + format_bytes(br.bytes_in) + " -> " +
                        format_bytes(br.bytes_out) + ", gzip -> " + format_bytes(gz.bytes_out) + "; " +
                        std::to_string(t.written) + " sidecars written, " + std::to_string(t.from_cache) +
                        " files from the cache");
  } else {
    row("compress", "off");
  }
  if (!r.deploy_files.empty()) {
    std::string files;
    for (const auto& f : r.deploy_files) files += (files.empty() ? "" : ", ") + f;
    row("deploy", (dry ? "would write " : "") + files);
  }
}

int run_build(Context& ctx, BuildFlags& f) {
  // Every phase reads through `disk`: each file (kiln.json included) comes from the real
  // disk once, and later phases get the bytes from memory.
  fs::ReadOnceDisk disk(ctx.disk);
  // Config: -c, else the nearest kiln.json above DIR (or the working folder), else defaults.
  std::string start = f.dir.empty() ? "." : f.dir;
  std::string file = f.config.empty() ? config::find_config(disk, start) : f.config;
  config::BuildConfig cfg;
  if (!file.empty()) {
    auto text = disk.read_file(file);
    if (!text) {
      ctx.err << "kiln: error: " << file << ": " << text.error() << '\n';
      return kBadUsage;
    }
    auto parsed = config::parse_config(*text, file);
    if (!parsed) {
      std::istringstream lines(parsed.error());
      // JSON's "last read: '\xff'" quotes the bad bytes: shown escaped, the line stays UTF-8.
      for (std::string l; std::getline(lines, l);)
        ctx.err << "kiln: error: " << (is_valid_utf8(l) ? l : printable_name(l)) << '\n';
      return kBadUsage;
    }
    cfg = std::move(*parsed);
  }
  cfg.follow_symlinks = ctx.common.follow_symlinks;
  cfg.viewport = f.viewport;
  std::string dir = f.dir;
  if (dir.empty()) dir = cfg.dir.empty() ? "dist" : fs::join_path(parent_dir(file), cfg.dir);
  if (auto st = disk.stat(dir); !st || st->type != fs::EntryType::directory) {
    ctx.err << "kiln: error: cannot open folder " << dir << ": " << (st ? "not a folder" : st.error()) << '\n';
    return kBadUsage;
  }
  ctx.recover(dir);
  budget::BudgetOptions bo{dir, {}, file, true, &cfg.budget};
  auto budgets = budget::load_budgets(disk, bo);
  if (budgets.error) {
    budget::print_error(ctx.err, *budgets.error);
    return budgets.error->unreadable ? kInputFailed : kBadUsage;
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

  cache::ContentCache cache(ctx.disk, ctx.common.no_cache ? "" : !ctx.common.cache_dir.empty() ? ctx.common.cache_dir
                                                              : !cfg.cache_dir.empty()         ? cfg.cache_dir
                                                                                               : ctx.cache_dir_for(dir));
  ctx.attach_remote(cache, cfg.remote);
  pipeline::BuildRun run{dir, ctx.common.jobs, ctx.show_progress(), ctx.common.dry_run, f.force, {}};
  if (!f.shard.empty()) {
    auto shard = pipeline::parse_shard(f.shard);
    if (!shard) {
      ctx.err << "kiln: error: " << shard.error() << '\n';
      return kBadUsage;
    }
    run.shard = *shard;
  }
  auto result = pipeline::run_build(disk, cfg, run, cache, ctx.diags, ctx.perf);
  ctx.finish_remote();  // uploads done before the summary counts them
  if (result.stopped) {
    ctx.diags.print(ctx.err);
    ctx.err << "kiln: error: build stopped: " << result.stop_reason << '\n';
    return ctx.diags.has_errors() ? kInputFailed : kRuleBroken;
  }

  if (cfg.html_enabled && cfg.html.warnings) page::final_warnings(*result.analysis, !budgets.budgets.rules.empty(), ctx.diags);
  auto t = ctx.perf.phase("report");
  report::AnalyzeReportOptions ro{dir, resolve::normalize_base(cfg.base)};
  report::BudgetReport br;
  br.root = dir;
  br.sources = budgets.budgets.sources;
  br.baseline = f.baseline;
  // A shard's folder is partial (other shards' variants and sidecars are missing): its
  // sizes say nothing about the site, so its budgets are left to the final build.
  if (!run.shard.active()) {
    budget::Snapshot now = budget::snapshot_of(*result.analysis);
    br.checks = budget::evaluate(budgets.budgets.rules, now, baseline ? &*baseline : nullptr);
    if (baseline) br.comparison = budget::compare(*baseline, now);
  }
  auto counts = report::count_checks(br.checks);

  std::ostringstream out;
  if (ctx.common.format == "json" || ctx.common.format == "html") {
    nlohmann::json j = report::budget_json(report::analyze_json(*result.analysis, ro, ctx.diags), br);
    j["schema"] = "kiln.build/1";
    nlohmann::json phases = nlohmann::json::object();
    if (result.plan) {
      nlohmann::json renamed = nlohmann::json::object();
      for (const auto& fp : result.plan->files)
        if (fp.renamed) renamed[fp.old_path] = fp.new_path;
      phases["hash"] = {{"renamed", renamed}, {"rewrittenReferences", result.plan->rewritten_refs}};
    }
    if (result.compress) {
      auto cj = report::compress_json(*result.compress, cfg.compress, Diagnostics());
      phases["compress"] = {{"totals", cj["totals"]}, {"counts", cj["counts"]}};
    }
    if (result.precache) phases["precache"] = {{"entries", result.precache->entries.size()}, {"target", result.precache_target}};
    phases["parse"] = {{"files", result.parses_run + result.parses_cached}, {"cacheHits", result.parses_cached}};
    if (result.html)
      phases["html"] = {{"pages", result.html->pages},         {"changed", result.html->changed},
                        {"sized", result.html->sized},         {"fetchPriority", result.html->high},
                        {"lazy", result.html->lazy},           {"modulePreload", result.html->preloads},
                        {"fontPreload", result.html->fonts},
                        {"warnings", result.html->warnings}};
    if (!result.deploy_files.empty()) phases["deploy"] = {{"files", result.deploy_files}};
    if (result.images) phases["images"] = {{"images", result.images->images.size()}, {"cacheHits", result.images->cache_hits}};
    if (ctx.remote) phases["remoteCache"] = report::remote_summary_json(*ctx.remote);
    if (run.shard.active())
      phases["shard"] = {{"index", run.shard.index + 1}, {"count", run.shard.count}, {"files", result.shard_files}};
    j["build"] = phases;
    if (ctx.common.format == "html") out << report::analyze_html(j, "build " + dir);
    else out << report::json_text(j) << '\n';
  } else if (ctx.common.format == "markdown") {
    report::print_analyze_markdown(out, *result.analysis, ro);
    if (!br.checks.empty()) report::print_budget_markdown(out, br);
  } else if (!ctx.common.quiet || counts.fail) {
    out << "kiln build " << dir << (file.empty() ? " (no kiln.json: defaults)" : " (config " + file + ")")
        << (ctx.common.dry_run ? " — dry run, nothing written" : "") << "\n\n";
    if (run.shard.active())
      out << "  shard     " << run.shard.index + 1 << "/" << run.shard.count << ": images and compression of "
          << with_thousands(result.shard_files) << " of " << with_thousands(result.analysis->files.size())
          << " files, for the shared cache; this folder is partial (budgets are the final build's)\n";
    print_phases(out, result, cfg, ctx.common.dry_run);
    if (ctx.remote) out << "  remote    " << report::remote_summary_text(*ctx.remote) << '\n';
    out << '\n';
    report::print_entry_table(out, *result.analysis);
    if (!br.checks.empty()) {
      out << '\n';
      report::print_budget_text(out, br);
    } else {
      out << "\n  no budgets: add a \"budget\" section to kiln.json (kiln init writes one from the current sizes)\n";
    }
  }
  ctx.publish(out.str());
  if (!ctx.common.dry_run) cache.prune(cfg.cache_max_size);
  return ctx.finish(counts.fail > 0);
}

}  // namespace

void add_build_command(CLI::App& app, Context& ctx, int& exit_code) {
  auto flags = std::make_shared<BuildFlags>();
  auto* cmd = app.add_subcommand("build",
                                 "The whole pipeline from kiln.json: images, hashed names, manifests, precache, "
                                 "compression, sizes and budgets (exit 1 when a budget is broken).");
  cmd->add_option("DIR", flags->dir, "The built folder (default: kiln.json's \"dir\", else dist)");
  add_common_options(*cmd, ctx.common, false);
  cmd->get_option("--format")->check(CLI::IsMember({"text", "json", "markdown", "html"}));
  cmd->add_option("-c,--config", flags->config, "kiln.json to use (default: found in DIR or its parents)");
  cmd->add_option("--baseline", flags->baseline, "The base branch's JSON report: deltas and relative budgets");
  cmd->add_flag("-f,--force", flags->force, "Ignore the cache: convert and compress everything again");
  add_viewport_option(*cmd, flags->viewport);
  cmd->add_option("--shard", flags->shard,
                  "I/N: convert and compress only this job's 1/N of the files (a CI matrix filling a shared "
                  "--remote-cache; a final build without --shard then finds everything cached)");
  cmd->callback([&ctx, &exit_code, flags] { exit_code = run_build(ctx, *flags); });
}

}  // namespace kiln::cli
