// kiln.json: one config for `kiln build`, a section per job. Found in DIR or its parents (or
// given with -c); comments (// and /* */) are allowed. Every key is checked: an unknown key
// is an error naming it and the nearest valid one, a bad value names its JSON path.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "cache/remote_cache.h"
#include "compress/compressor.h"
#include "fs/disk.h"
#include "graph/viewport.h"
#include "image/options.h"
#include "manifest/precache.h"
#include "page/page_fixes.h"

namespace kiln::config {

struct HashSection {
  bool enabled = true;
  std::string name_pattern = "[name]-[hash][ext]";
  int hash_length = 8;
  std::string hashed_pattern;
  std::vector<std::string> keep;
  bool sri = false;
  std::string manifest = "manifest.json";
  std::string chunk_manifest = "chunk-manifest.json";
  bool headers = true;
};

struct PrecacheSection {
  bool enabled = false;
  manifest::PrecacheOptions options;
  std::string sw;                                   // inject into this service worker (relative to DIR)
  std::string output = "precache-manifest.json";    // else write the list here (relative to DIR)
  std::string hashed_pattern;
};

// "deploy": server and CDN configs written after the build (kiln deploy-config's targets).
struct DeploySection {
  std::vector<std::string> targets;  // "for": nginx, caddy, netlify, s3, aws, rclone
  std::string out = "deploy";        // folder for the configs, relative to kiln.json's folder
  std::string listen = "80";
  std::string root;                  // the folder's path on the server; default: its absolute path
  std::string bucket;
};

struct BuildConfig {
  std::string file;  // the config's path; empty when built from defaults
  std::string dir;   // relative to the config's folder; empty = the DIR argument
  std::string base = "/";
  std::vector<std::string> entries, exclude, assume_used;
  bool follow_symlinks = false;  // --follow-symlinks (a flag, not a kiln.json key)
  graph::Viewport viewport;      // --viewport (a flag, not a kiln.json key)
  bool fail_on_missing = true;  // a reference to a missing file stops the build
  bool images_enabled = false;
  bool images_rewrite_html = false;
  image::ImageOptions images;
  HashSection hash;
  bool compress_enabled = true;
  compress::CompressOptions compress;
  PrecacheSection precache;
  bool html_enabled = false;  // "html": the page fixes (page/page_fixes.h)
  page::PageOptions html;
  DeploySection deploy;
  std::string cache_dir;
  uint64_t cache_max_size = 2ull << 30;
  cache::RemoteOptions remote;  // cache.remote, cache.remoteUpload, cache.remoteTimeout, cache.remoteHeaderEnv
  // The "budget" section as written, when there is one: the budget readers check it
  // (budget::load_budgets with BudgetOptions::kiln_budget), so kiln.json is parsed once.
  std::optional<nlohmann::json> budget;
};

// The nearest kiln.json in `dir` or a parent folder; empty when there is none.
std::string find_config(fs::Disk& disk, const std::string& dir);

// Parses and checks a config. All problems are returned at once, each as "path: message".
Result<BuildConfig> parse_config(const std::string& text, const std::string& file);

}  // namespace kiln::config
