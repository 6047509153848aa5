// `kiln build`: every job in the only order that is correct, from one kiln.json:
//   check (scan, parse, graph, hash plan: stop before any change if something is wrong)
//   -> images (new variants join the graph) -> page fixes -> hash + rewrite
//   -> precache / service-worker injection -> manifests, SRI, _headers (of the final bytes,
//   the worker's after the injection) -> precompress the final bytes -> measure (the
//   sidecars' real sizes, from the compress cache) -> deploy configs, outside the folder.
// Budgets are checked on the result by the caller (cli/build_command.cc).
#pragma once

#include <optional>
#include <string>

#include "cache/content_cache.h"
#include "compress/compressor.h"
#include "config/kiln_config.h"
#include "core/diagnostics.h"
#include "core/perf.h"
#include "fs/disk.h"
#include "hash/apply.h"
#include "hash/planner.h"
#include "image/images.h"
#include "manifest/outputs.h"
#include "manifest/precache.h"
#include "page/html_step.h"
#include "pipeline/analysis.h"
#include "pipeline/shard.h"

namespace kiln::pipeline {

struct BuildRun {
  std::string dir;
  unsigned jobs = 0;
  bool progress = false;
  bool dry_run = false;
  bool force = false;
  Shard shard;  // --shard I/N: images and compression for this shard's files only
};

struct BuildResult {
  bool stopped = false;          // stopped before changing anything
  std::string stop_reason;
  std::optional<image::ImagesResult> images;
  std::optional<page::HtmlStepResult> html;
  std::optional<hash::HashPlan> plan;
  hash::ApplyStats applied;
  std::optional<manifest::Outputs> outputs;
  std::optional<manifest::PrecacheList> precache;
  std::string precache_target;
  std::optional<compress::CompressResult> compress;
  std::optional<Analysis> analysis;  // the final folder, measured
  std::vector<std::string> deploy_files;  // server/CDN configs written (kiln.json "deploy")
  uint64_t parses_cached = 0, parses_run = 0;  // the first parse of the folder
  uint64_t shard_files = 0;  // with --shard: the input files that are this shard's
};

BuildResult run_build(fs::Disk& disk, const config::BuildConfig& cfg, const BuildRun& run,
                      cache::ContentCache& cache, Diagnostics& diags, Perf& perf);

}  // namespace kiln::pipeline
