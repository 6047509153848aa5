// The facts budgets are checked against, for this build and for the baseline alike: this
// build's from the analysis (snapshot_of), the baseline's from a saved kiln JSON report (the
// "files" and "entries" of kiln.analyze/1, which kiln.budget/1 and kiln.build/1 repeat), so a
// saved report of the base branch is as good as a fresh run.
#pragma once

#include <map>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "analysis/analysis.h"
#include "core/result.h"
#include "fs/disk.h"

namespace kiln::budget {

struct SnapFile {
  std::string path, kind, type;
  pipeline::Sizes sizes;
};

struct SnapSet {
  pipeline::Sizes total;
  uint64_t files = 0;
  std::map<std::string, std::pair<pipeline::Sizes, uint64_t>> by_type;  // type -> sizes, count
  uint64_t third_party = 0;                                             // external requests
};

struct SnapEntry {
  std::string path;
  SnapSet initial, on_use, lazy;  // on_use: fonts fetched when text uses them ("onUse" in the JSON)
};

struct Snapshot {
  std::vector<SnapFile> files;  // sorted by path
  std::vector<SnapEntry> entries;
};

// This build's facts, read from the analysis: the same values snapshot_from_json reads back
// from the analysis's JSON report.
Snapshot snapshot_of(const pipeline::Analysis& a);

// Reads a kiln.analyze/1 or kiln.budget/1 report; `name` is used in messages.
Result<Snapshot> snapshot_from_json(const nlohmann::json& report, const std::string& name);

// --baseline FILE: read, parsed and checked; `unreadable` tells a file that cannot be read
// (exit 3) from one that is not a kiln report (exit 2).
Result<Snapshot> load_baseline(fs::Disk& disk, const std::string& path, bool& unreadable);

// Files a visitor never downloads as such: source maps and precompressed sidecars.
bool counted_in_build(const SnapFile& f);

uint64_t pick(const pipeline::Sizes& s, int compression);  // 0 raw, 1 gzip, 2 brotli

}  // namespace kiln::budget
