#include "pipeline/build.h"

#include <algorithm>
#include <filesystem>
#include <map>

#include "deploy/deploy_step.h"
#include "fs/crash_point.h"
#include "image/picture_markup.h"

namespace kiln::pipeline {

namespace {

AnalysisOptions analysis_options(const config::BuildConfig& cfg, const BuildRun& run, bool measure,
                                 ParseMemo& memo) {
  AnalysisOptions o;
  o.memo = &memo;
  o.exclude = cfg.exclude;
  o.follow_symlinks = cfg.follow_symlinks;
  o.graph.resolver.base = resolve::normalize_base(cfg.base);
  o.graph.entries = cfg.entries;
  o.graph.entries_from = cfg.file.empty() ? "entries" : cfg.file + " entries";
  o.graph.assume_used = cfg.assume_used;
  o.graph.viewport = cfg.viewport;
  o.codec = cfg.compress.codec;
  o.jobs = run.jobs;
  o.progress = run.progress;
  o.measure = measure;
  o.store_cache = !run.dry_run;
  return o;
}

hash::HashOptions hash_options(const config::BuildConfig& cfg) {
  // parse_config has checked the pattern and the regular expression.
  return {*hash::HashNamer::make(cfg.hash.name_pattern, size_t(cfg.hash.hash_length), cfg.hash.hashed_pattern),
          cfg.hash.keep, cfg.hash.sri};
}

// The request kiln.json's "deploy" section makes for the folder `dir`: targets checked by
// parse_config, the out folder relative to kiln.json's folder, the root `dir`'s absolute path
// unless given.
deploy::DeployRequest deploy_request(const config::BuildConfig& cfg, const std::string& dir) {
  deploy::DeployRequest r;
  for (const auto& name : cfg.deploy.targets)
    if (auto t = deploy::parse_target(name)) r.targets.push_back(*t);
  std::string config_dir = std::filesystem::path(cfg.file).parent_path().string();
  r.out_dir = config_dir.empty() || std::filesystem::path(cfg.deploy.out).is_absolute() ? cfg.deploy.out
                                                                                       : fs::join_path(config_dir, cfg.deploy.out);
  r.server.listen = cfg.deploy.listen;
  r.server.root = cfg.deploy.root.empty() ? std::filesystem::absolute(dir).lexically_normal().string() : cfg.deploy.root;
  while (r.server.root.size() > 1 && r.server.root.back() == '/') r.server.root.pop_back();
  r.server.bucket = cfg.deploy.bucket;
  r.base = resolve::normalize_base(cfg.base);
  return r;
}

// The manifests kiln.json asks for, and the precache list when kiln writes one.
manifest::OutputNames output_names(const config::BuildConfig& cfg) {
  manifest::OutputNames names{cfg.hash.manifest, cfg.hash.chunk_manifest, cfg.hash.headers};
  if (cfg.precache.enabled && cfg.precache.sw.empty()) names.others.push_back(cfg.precache.output);
  return names;
}

// The folder again, for the phases after the renames: a file it cannot read is an error
// (named), and so is the folder itself.
std::optional<scan::ScanResult> rescan(fs::Disk& disk, const std::string& dir, const config::BuildConfig& cfg,
                                       Diagnostics& diags) {
  auto scanned = scan::scan_tree(disk, dir, {{}, cfg.exclude, cfg.follow_symlinks}, diags);
  if (!scanned) {
    diags.error(dir, scanned.error());
    return std::nullopt;
  }
  return std::move(*scanned);
}

}  // namespace

BuildResult run_build(fs::Disk& disk, const config::BuildConfig& cfg, const BuildRun& run,
                      cache::ContentCache& cache, Diagnostics& diags, Perf& perf) {
  BuildResult r;
  const std::string& dir = run.dir;
  auto stop = [&](std::string why) {
    r.stopped = true;
    r.stop_reason = std::move(why);
    return std::move(r);
  };

  // 1. Check: read and parse everything, and plan the renames, before touching anything.
  ParseMemo memo;
  size_t errors_before = diags.count(Severity::error);
  auto first = analyze(disk, dir, analysis_options(cfg, run, false, memo), cache, diags, perf);
  if (!first) return stop(first.error());
  if (first->files.empty()) {
    diags.error(dir, "the folder has no files to build (is this the bundler's output folder?)");
    return stop("nothing to build; nothing was written");
  }
  r.parses_cached = first->parses_cached;  // the later analyses parse only what changed
  r.parses_run = first->parses_run;
  // A file or folder that cannot be read is reported (exit 3) and left alone, its name kept;
  // every other file is still built. Any other error (an entry that does not exist) stops here.
  if (diags.count(Severity::error) > errors_before + first->unreadable)
    return stop("errors above (an entry that does not exist); nothing was changed");
  if (cfg.fail_on_missing && first->graph.missing > 0)
    return stop(std::to_string(first->graph.missing) +
                " references point to files that do not exist (warnings above); nothing was changed. "
                "Fix them, or set \"failOnMissing\": false in kiln.json");
  auto hopt = hash_options(cfg);
  // A folder without pages or entries: nothing loads its files, so renaming them (and
  // rewriting whatever names them) would only surprise; the hash step is skipped, said once.
  bool hash_on = cfg.hash.enabled && !first->graph.entries.empty();
  if (cfg.hash.enabled && !hash_on)
    diags.warning(dir, "no HTML pages and no entries (kiln.json \"entries\"): no file is renamed and no manifest "
                       "written");
  if (hash_on) {
    auto t = perf.phase("hash check");
    Diagnostics check;
    hash::plan_hash(disk, dir, *first, hopt, check);
    if (check.has_errors()) {
      for (const auto& d : check.sorted()) diags.add(d);
      return stop("references that hashing would have to rewrite cannot be rewritten; nothing was changed");
    }
  }

  fs::crash_point();
  // With --shard, this job's share of the per-file work (a function of the input folder
  // alone, so every job of the matrix agrees without talking to the others).
  std::vector<std::string> original, mine;
  for (const auto& f : first->files) original.push_back(f.path);
  auto is_mine = [&](const std::string& path) {
    return !run.shard.active() || !std::binary_search(original.begin(), original.end(), path) ||
           std::binary_search(mine.begin(), mine.end(), path);
  };
  if (run.shard.active()) {
    mine = shard_paths(disk, dir, first->files, cfg.images_enabled, cfg.images.encode.widths.size(), run.shard);
    r.shard_files = mine.size();
  }

  // 2. Images: variants beside their sources; new files join the graph.
  Analysis current = std::move(*first);
  if (cfg.images_enabled) {
    auto t = perf.phase("images");
    image::ImageOptions io = cfg.images;
    io.jobs = run.jobs;
    io.progress = run.progress;
    io.dry_run = run.dry_run;
    io.force = run.force;
    std::vector<scan::FileEntry> to_convert;
    for (const auto& f : current.files)
      if (is_mine(f.path) || !image::is_convertible(f.path, io.rasterize_svg)) to_convert.push_back(f);
    r.images = image::convert_images(disk, dir, to_convert, io, cache, diags);
    bool wrote = false;
    for (const auto& img : r.images->images)
      for (const auto& v : img.variants) wrote |= v.outcome == image::Outcome::written;
    if (cfg.images_rewrite_html && !run.dry_run)
      wrote |= image::rewrite_pages(disk, dir, current.files, *r.images, cfg.base, false, diags).pictures > 0;
    if (wrote) {
      Diagnostics again_diags;  // step 1 reported these files' warnings already
      auto again = analyze(disk, dir, analysis_options(cfg, run, false, memo), cache, again_diags, perf);
      for (const auto& d : again_diags.sorted())
        if (d.severity == Severity::error) diags.add(d);
      if (!again) return stop(again.error());
      current = std::move(*again);
    }
  }

  // 2b. Page fixes: image sizes, lazy loading, fetchpriority, modulepreload (before hashing,
  //     so the hrefs added are renamed with the rest); the changed pages are parsed again.
  if (cfg.html_enabled) {
    auto t = perf.phase("html");
    r.html = page::fix_pages(disk, dir, current, cfg.html, resolve::normalize_base(cfg.base), run.dry_run, diags);
    if (r.html->changed > 0 && !run.dry_run) {
      Diagnostics again_diags;  // step 1 reported these files' warnings already
      auto again = analyze(disk, dir, analysis_options(cfg, run, false, memo), cache, again_diags, perf);
      if (!again) return stop(again.error());
      current = std::move(*again);
    }
  }

  // 3. Hash: new names and rewritten references (the manifests are written in 4b).
  if (hash_on) {
    // Only the plan's own errors stop the hash step: an image that could not be converted
    // (reported above) leaves every other file to be hashed and compressed (exit 3 at the end).
    Diagnostics plan_diags;
    {
      auto t = perf.phase("hash");
      r.plan = hash::plan_hash(disk, dir, current, hopt, plan_diags);
    }
    for (const auto& d : plan_diags.sorted()) diags.add(d);
    if (plan_diags.has_errors()) return stop("hashing failed; nothing was renamed");
    manifest::OutputNames names = output_names(cfg);
    auto outputs = manifest::make_outputs(disk, dir, current, *r.plan, hopt, names,
                                          resolve::normalize_base(cfg.base));
    if (!outputs) {
      diags.error("", outputs.error());
      return stop("the asset manifest cannot be written; nothing was renamed");
    }
    if (!run.dry_run) {
      auto t = perf.phase("hash write");
      if (!hash::apply_plan(disk, dir, *r.plan, r.applied, diags, manifest::output_files(*outputs, names)))
        return stop("renaming failed and was undone");
    }
    fs::crash_point();
  }

  // 4. Precache list or service-worker injection, before compression so the worker's final
  //    bytes are the ones compressed.
  if (cfg.precache.enabled) {
    auto t = perf.phase("precache");
    auto scanned = rescan(disk, dir, cfg, diags);
    if (scanned) {
      manifest::PrecacheOptions po = cfg.precache.options;
      po.is_hashed = *manifest::url_hash_matcher(cfg.precache.hashed_pattern);  // checked by parse_config
      if (!cfg.precache.sw.empty()) po.exclude_paths.push_back(cfg.precache.sw);
      else po.exclude_paths.push_back(cfg.precache.output);
      std::vector<std::pair<std::string, std::string>> errors;
      r.precache = manifest::make_precache(
          scanned->files, po, [&](const std::string& p) { return disk.read_file(fs::join_path(dir, p)); }, errors);
      for (auto& [p, m] : errors) diags.error(p, m);
      for (auto& [p, size] : r.precache->too_large)
        diags.warning(p, "not precached: " + std::to_string(size) + " bytes is over maximumFileSizeToCacheInBytes");
      if (!cfg.precache.sw.empty()) {
        r.precache_target = cfg.precache.sw;
        std::string sw_path = fs::join_path(dir, cfg.precache.sw);
        auto sw = disk.read_file(sw_path);
        if (!sw) diags.error(cfg.precache.sw, sw.error());
        else if (auto injected = manifest::inject_manifest(*sw, *r.precache); !injected)
          diags.error(cfg.precache.sw, injected.error());
        else if (!run.dry_run && *injected != *sw)
          if (auto s = disk.write_file(sw_path, *injected); !s) diags.error(cfg.precache.sw, s.error());
      } else {
        r.precache_target = cfg.precache.output;
        if (!run.dry_run)
          if (auto s = disk.write_file(fs::join_path(dir, cfg.precache.output), manifest::precache_json(*r.precache, 2) + "\n");
              !s)
            diags.error(cfg.precache.output, s.error());
      }
    }
  }

  fs::crash_point();
  // 4b. Manifests, SRI, _headers, last among the writers: their integrity values are of the
  //     final bytes (a service worker's after the injection).
  if (r.plan) {
    manifest::OutputNames names = output_names(cfg);
    auto outputs = manifest::make_outputs(disk, dir, current, *r.plan, hopt, names, resolve::normalize_base(cfg.base));
    if (outputs) {
      r.outputs = std::move(*outputs);
      if (!run.dry_run) manifest::write_outputs(disk, dir, *r.outputs, names, diags);
    } else {
      diags.error(cfg.hash.manifest, outputs.error());
    }
  }

  fs::crash_point();
  // 5. Precompress the final bytes.
  if (cfg.compress_enabled) {
    auto t = perf.phase("compress");
    auto scanned = rescan(disk, dir, cfg, diags);
    if (scanned) {
      compress::CompressOptions co = cfg.compress;
      co.jobs = run.jobs;
      co.progress = run.progress;
      co.dry_run = run.dry_run;
      co.force = run.force;
      if (run.shard.active()) {
        // Renamed files are this shard's when their original name is; new files (variants,
        // manifests) are made by this job, so compressed by it.
        std::map<std::string, std::string> renamed_from;
        if (r.plan)
          for (const auto& fp : r.plan->files)
            if (fp.renamed) renamed_from[fp.new_path] = fp.old_path;
        std::erase_if(scanned->files, [&](const scan::FileEntry& f) {
          auto it = renamed_from.find(f.path);
          return !is_mine(it == renamed_from.end() ? f.path : it->second);
        });
      }
      r.compress = compress::compress_files(disk, dir, scanned->files, co, cache, diags);
    }
  }

  fs::crash_point();
  // 6. Measure the final folder: compressed sizes come from the compress cache.
  Diagnostics final_diags;  // the same warnings again would only repeat step 1's
  auto last = analyze(disk, dir, analysis_options(cfg, run, true, memo), cache, final_diags, perf);
  for (const auto& d : final_diags.sorted())
    if (d.severity == Severity::error) diags.add(d);
  if (!last) return stop(last.error());
  r.analysis = std::move(*last);

  // 7. Server and CDN configs for the final folder, outside it.
  if (!cfg.deploy.targets.empty()) {
    auto t = perf.phase("deploy");
    r.deploy_files = deploy::write_configs(disk, dir, *r.analysis, hopt, deploy_request(cfg, dir), run.dry_run, diags);
  }
  return r;
}

}  // namespace kiln::pipeline
