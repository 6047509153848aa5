// What `kiln budget` tells people and CI: a text table, GitHub annotations plus a step
// summary, a markdown PR comment, JUnit XML, kiln's JSON (kiln.budget/1, which is also a
// valid --baseline) and size-limit's --json shape for tools that already read it.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "budget/config.h"
#include "budget/evaluate.h"

namespace kiln::report {

struct BudgetReport {
  std::string root;                               // DIR as given
  std::vector<budget::Check> checks;
  std::vector<budget::Source> sources;
  std::optional<budget::Comparison> comparison;   // with --baseline
  std::string baseline;                           // its name, for headings
};

struct BudgetCounts {
  size_t pass = 0, warn = 0, fail = 0, skip = 0;
};
BudgetCounts count_checks(const std::vector<budget::Check>& checks);

void print_budget_text(std::ostream& out, const BudgetReport& r);
void print_budget_markdown(std::ostream& out, const BudgetReport& r);
// `::error`/`::warning`/`::notice` workflow commands, one per budget that is not a plain pass.
void print_budget_github(std::ostream& out, const BudgetReport& r);
void print_budget_junit(std::ostream& out, const BudgetReport& r);
// `facts` is the analyze JSON of this build (files, entries, …); the budget fields are added.
nlohmann::json budget_json(nlohmann::json facts, const BudgetReport& r);
std::string size_limit_json(const BudgetReport& r);

// "+1.2 kB (+3.4%)", "-120 B (-0.5%)", "new"
std::string delta_text(std::optional<uint64_t> before, std::optional<uint64_t> after);
std::string xml_escape(std::string_view s);

}  // namespace kiln::report
