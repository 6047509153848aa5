// Publishing a hash plan through a journal (fs/journal.h): new names and rewritten files are
// staged in full, sidecars follow their files (moved when the bytes did not change, removed
// when they did, so a server never sends stale compressed bytes), then everything is moved
// into place and old names are removed last. If staging fails, the staged files are removed
// and the folder is as it was; a run killed after staging is completed by the next run.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/diagnostics.h"
#include "fs/disk.h"
#include "hash/planner.h"

namespace kiln::hash {

struct ApplyStats {
  uint64_t written = 0, removed = 0, sidecars_moved = 0, sidecars_removed = 0;
};

// Returns false (with diagnostics) when the folder could not be brought to the plan.
// `also` (path relative to the root, bytes) are published with the renames, in the same
// journal: the manifest that records the original names must not be missing after a kill.
bool apply_plan(fs::Disk& disk, const std::string& root, const HashPlan& plan, ApplyStats& stats,
                Diagnostics& diags, const std::vector<std::pair<std::string, std::string>>& also = {});

}  // namespace kiln::hash
