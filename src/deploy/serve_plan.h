// What a server or a bucket must know to serve a built folder: every file with its
// Content-Type, its cache class and its precompressed sidecars, and the cache rules of
// `_headers`. Made from the same classes `kiln hash` writes `_headers` from
// (manifest::cache_classes), so every config kiln writes agrees with `_headers` file by file.
#pragma once

#include <string>
#include <vector>

#include "analysis/analysis.h"
#include "core/diagnostics.h"
#include "fs/disk.h"
#include "hash/planner.h"
#include "manifest/headers_file.h"

namespace kiln::deploy {

struct Sidecar {
  std::string path;      // "assets/app.js.br"
  std::string encoding;  // Content-Encoding: "br", "gzip", "zstd"
};

struct ServedFile {
  std::string path;  // relative to the folder
  std::string content_type;
  bool immutable = false;
  std::vector<Sidecar> sidecars;  // br before gzip before zstd
  std::string integrity;          // sha384 of the bytes (after add_integrity)
};

struct ServePlan {
  std::string base = "/";
  std::vector<ServedFile> files;                 // sorted by path
  std::vector<manifest::HeaderRule> rules;       // `_headers`' rules, immutable first
  std::vector<std::pair<std::string, std::string>> types;  // extension -> type, for every extension served
  bool has(const std::string& encoding) const;   // some file has a sidecar in this encoding
};

ServePlan make_serve_plan(const pipeline::Analysis& a, const hash::HashOptions& options, const std::string& base);

// Reads every file once for its SRI hash (the upload plan lists it); a file that cannot be
// read is an error naming it.
void add_integrity(ServePlan& plan, fs::Disk& disk, const std::string& root, Diagnostics& diags);

// Cache-Control for a class.
const char* cache_control(bool immutable);

}  // namespace kiln::deploy
