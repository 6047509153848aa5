// Publishing a hash plan: new names and rewritten files are written first (each atomically),
// sidecars follow their files (moved when the bytes did not change, removed when they did, so
// a server never sends stale compressed bytes), and old names are removed last. If a write
// fails, what was written is removed again and the folder is as it was.
#pragma once

#include <string>

#include "core/diagnostics.h"
#include "fs/disk.h"
#include "hash/planner.h"

namespace kiln::hash {

struct ApplyStats {
  uint64_t written = 0, removed = 0, sidecars_moved = 0, sidecars_removed = 0;
};

// Returns false (with diagnostics) when the folder could not be brought to the plan.
bool apply_plan(fs::Disk& disk, const std::string& root, const HashPlan& plan, ApplyStats& stats,
                Diagnostics& diags);

}  // namespace kiln::hash
