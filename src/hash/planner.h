// The `kiln hash` plan: which files get content-hashed names, and the exact byte edits that
// make every reference follow. Computed entirely in memory from the analysis; nothing on disk
// changes until the whole plan is known to be sound (hash/apply.h publishes it).
//
// Hash order follows the graph: a file is hashed after every file it names, over its content
// with those references already rewritten, so changing a deep dependency changes every name
// above it. Files that name each other (a cycle of chunks) cannot each wait for the other, so
// a cycle is hashed as a group: one digest over all members' contents (with the references
// leaving the group rewritten and those inside it as written), and each member's hash is the
// digest of (group digest, member path). A change in any member changes every member's name;
// the result does not depend on the order members are visited. A file's own sourceMappingURL
// is left out of its hash (the map is named after the file: `app-1a2b3c4d.js.map`).
#pragma once

#include <string>
#include <vector>

#include "analysis/analysis.h"
#include "core/diagnostics.h"
#include "fs/disk.h"
#include "hash/hashed_name.h"

namespace kiln::hash {

struct HashOptions {
  HashNamer namer = *HashNamer::make("[name]-[hash][ext]", 8, "");
  std::vector<std::string> keep;  // globs of files that keep their names
  bool sri_html = false;          // add integrity="sha384-…" to <script src> and <link href>
};

struct FilePlan {
  std::string old_path, new_path;  // equal when not renamed
  bool renamed = false;
  bool content_changed = false;
  uint32_t rewritten_refs = 0;
  std::string content;             // final bytes (set when renamed or changed)
};

struct HashPlan {
  std::vector<FilePlan> files;     // by FileId; content loaded only where needed
  std::vector<std::string> final_paths;  // by FileId
  std::vector<std::string> integrity;    // by FileId, for files whose final bytes are known
  uint64_t renamed = 0, rewritten_files = 0, rewritten_refs = 0, already_hashed = 0;
};

// Why a file keeps its name (for the plan's explanation); empty when it may be renamed.
std::string keep_reason(const pipeline::Analysis& a, scan::FileId id, const std::vector<char>& is_sw,
                        const GlobSet& keep);

// Reads what it needs through `disk`; errors (unreadable file, a reference that cannot be
// rewritten, a name collision) are diagnostics, and a plan with errors must not be applied.
HashPlan plan_hash(fs::Disk& disk, const std::string& root, const pipeline::Analysis& a,
                   const HashOptions& options, Diagnostics& diags);

}  // namespace kiln::hash
