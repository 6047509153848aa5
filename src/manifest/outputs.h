// Everything `kiln hash` publishes besides the renamed files, made from the analysis and the
// plan: manifest.json, the chunk manifest and _headers. Shared by `kiln hash` and `kiln build`.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "analysis/analysis.h"
#include "core/diagnostics.h"
#include "fs/disk.h"
#include "hash/planner.h"
#include "manifest/headers_file.h"

namespace kiln::manifest {

struct OutputNames {
  std::string manifest = "manifest.json";
  std::string chunk_manifest = "chunk-manifest.json";  // empty: not written
  bool headers = true;
  // kiln's other outputs in the folder (`kiln build`'s precache list): like the manifests,
  // revalidated and not listed, whether or not they exist yet (so a re-run writes the same).
  std::vector<std::string> others = {};
};

struct Outputs {
  std::string manifest_text, chunk_text, headers_text;
  size_t headers_rules = 0;
  bool sidecars_present = false;
};

// The cache class of every file the folder serves, as `_headers` states it: final path, and
// immutable when the name carries a content hash (made by `plan`, or already there) and
// nothing keeps the name (pages, service workers, conventional names, --keep). `own` (kiln's
// manifests) are listed as revalidated; sidecars and _headers are left out. `plan` may be
// null for a folder already built (kiln deploy-config): the names are then final.
std::vector<HeaderInput> cache_classes(const pipeline::Analysis& a, const hash::HashPlan* plan,
                                       const hash::HashOptions& options, const std::vector<std::string>& own);

// Reads the previous manifest (for original names) and builds the texts. Error when
// `names.manifest` exists and is not an asset manifest.
Result<Outputs> make_outputs(fs::Disk& disk, const std::string& root, const pipeline::Analysis& a,
                             hash::HashPlan& plan, const hash::HashOptions& options,
                             const OutputNames& names, const std::string& base);

// The files to write: (path relative to the root, text), manifest first.
std::vector<std::pair<std::string, std::string>> output_files(const Outputs& out, const OutputNames& names);

// Writes them (atomically, each); failures become diagnostics.
void write_outputs(fs::Disk& disk, const std::string& root, const Outputs& out, const OutputNames& names,
                   Diagnostics& diags);

}  // namespace kiln::manifest
