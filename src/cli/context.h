// What every command shares: the common flags, the disk, the output streams, and helpers
// to publish a report and finish with the right exit code.
#pragma once

#include <CLI/CLI.hpp>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cache/remote_cache.h"
#include "core/diagnostics.h"
#include "core/perf.h"
#include "fs/disk.h"
#include "pipeline/analysis.h"

namespace kiln::cli {

struct CommonOptions {
  unsigned jobs = 0;
  std::string format = "text";
  std::string output;  // -o FILE; empty = stdout
  bool quiet = false;
  bool perf = false;
  bool dry_run = false;
  std::string cache_dir;  // empty = default location
  bool no_cache = false;
  bool follow_symlinks = false;  // process what links to outside DIR point at
  std::string remote_cache;             // --remote-cache URL (over kiln.json's cache.remote)
  std::optional<bool> remote_upload;    // --remote-cache-upload=false: pull only
  std::optional<double> remote_timeout;  // --remote-cache-timeout SECONDS
};

struct Context {
  fs::Disk& disk;
  std::ostream& out;
  std::ostream& err;
  bool stderr_is_terminal = false;
  CommonOptions common;
  Diagnostics diags;
  Perf perf;
  std::unique_ptr<cache::RemoteCache> remote;  // this run's remote tier, when one is set
  bool remote_finished = false;

  bool show_progress() const { return stderr_is_terminal && !common.quiet; }
  // The cache folder for a run over `dir`: --cache-dir, else node_modules/.cache/kiln in the
  // nearest folder above `dir` that has node_modules, else .kiln-cache beside `dir`. Never
  // inside `dir`: the folder being processed is what gets deployed. Empty with --no-cache.
  std::string cache_dir_for(const std::string& dir);
  // scan -> parse -> graph (-> measure) of `dir` with this run's jobs, progress and cache
  // (cache_dir_for(dir)). Prints the error and returns nothing when `dir` is not a readable
  // folder; the caller exits with kBadUsage.
  std::optional<pipeline::Analysis> analyze(const std::string& dir, pipeline::AnalysisOptions options);
  // Before a command writes into `dir`: finishes the renames of a killed run and removes the
  // temp files such runs left (fs/journal.h); with --dry-run only says so.
  void recover(const std::string& dir);
  // Opens the remote tier (the flags over kiln.json's `configured`) once per run and
  // attaches it to `cache`. Nothing happens with --no-cache or without a URL.
  void attach_remote(cache::ContentCache& cache, cache::RemoteOptions configured = {});
  // Waits for the remote uploads and adds the run's single remote warning, if any.
  void finish_remote();
  // Writes a finished report to -o FILE (atomically) or to stdout.
  bool publish(const std::string& text);
  // Prints diagnostics and --perf, and maps what happened to an exit code.
  int finish(bool rule_broken);
};

// Registers the flags every command takes.
void add_common_options(CLI::App& cmd, CommonOptions& common, bool with_format_choices = true);
// --viewport WxH@Dx: the screen image candidates are picked for (analyze, budget, build).
void add_viewport_option(CLI::App& cmd, graph::Viewport& viewport);

// Each command lives in its own file and registers itself here.
void add_compress_command(CLI::App& app, Context& ctx, int& exit_code);
void add_analyze_command(CLI::App& app, Context& ctx, int& exit_code);
void add_build_command(CLI::App& app, Context& ctx, int& exit_code);
void add_hash_command(CLI::App& app, Context& ctx, int& exit_code);
void add_init_command(CLI::App& app, Context& ctx, int& exit_code);
void add_precache_command(CLI::App& app, Context& ctx, int& exit_code);
void add_budget_command(CLI::App& app, Context& ctx, int& exit_code);
void add_images_command(CLI::App& app, Context& ctx, int& exit_code);
void add_graph_command(CLI::App& app, Context& ctx, int& exit_code);
void add_split_command(CLI::App& app, Context& ctx, int& exit_code);
void add_deploy_config_command(CLI::App& app, Context& ctx, int& exit_code);

}  // namespace kiln::cli
