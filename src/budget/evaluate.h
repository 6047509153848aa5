// Checking rules against the build (and the baseline, for relative limits and deltas), and
// the file-by-file comparison with the baseline. Pure functions of plain data: no disk.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "budget/rule.h"
#include "budget/snapshot.h"

namespace kiln::budget {

// One Check per rule, or per matched page / file where a rule applies to several.
// `base` is null without --baseline: relative limits are then skipped, never passed.
std::vector<Check> evaluate(const std::vector<Rule>& rules, const Snapshot& now, const Snapshot* base);

// Lighthouse's robots.txt-style path match (config/budget.js urlMatchesPattern).
bool lighthouse_path_matches(const std::string& url_path, const std::string& pattern);

struct DiffRow {
  std::string name;
  std::optional<pipeline::Sizes> before, after;
};

struct Comparison {
  std::vector<DiffRow> entries;  // "<page> initial", "<page> total"
  std::vector<DiffRow> types;    // every file of a type, whole build
  std::vector<DiffRow> files;    // matched across builds (hashes normalised); "old → new" when renamed
  std::vector<std::string> added, removed;
};

Comparison compare(const Snapshot& before, const Snapshot& after);

}  // namespace kiln::budget
