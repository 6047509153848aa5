// Reading budgets: finding the config files (kiln.json's "budget" section, Lighthouse
// budget.json, size-limit, bundlesize, bundlewatch), telling their formats apart and turning
// each into Rules. A bad config stops the run with the file, the JSON path and what was
// expected: a gate that half-reads its budgets would pass builds it should fail.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "budget/rule.h"
#include "fs/disk.h"

namespace kiln::budget {

// Where a config sits, for messages and for paths relative to it.
struct Source {
  std::string display;     // as shown: relative to the working folder when below it
  std::string config_dir;  // absolute, normalised
  std::string root;        // DIR, absolute, normalised
  std::string key;         // package.json key ("size-limit"), empty for a whole file
  Format format = Format::kiln;
  // Where the readers record an entry's error before going on to the next entry, so that one
  // run reports every mistake in the file; null: the first error is thrown.
  std::vector<std::string>* errors = nullptr;
};

struct ConfigError {
  std::string message;      // "budget.json: [0].resourceSizes[1].budget: expected …, got …"; one line per error
  bool unreadable = false;  // the file could not be read (exit 3) rather than bad (exit 2)
};

// Thrown inside the readers, caught once by load_budgets.
struct BadConfig : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The readers: `j` is the budget part of the file (the "budget" object, the array, the
// package.json value). They append to `out` and throw BadConfig.
void read_kiln_budget(const nlohmann::json& j, const Source& src, std::vector<Rule>& out);
void read_lighthouse(const nlohmann::json& j, const Source& src, std::vector<Rule>& out);
void read_size_limit(const nlohmann::json& j, const Source& src, std::vector<Rule>& out);
void read_bundlesize(const nlohmann::json& j, const Source& src, std::vector<Rule>& out);  // bundlesize + bundlewatch

struct BudgetOptions {
  std::string dir;                   // DIR as given
  std::vector<std::string> budgets;  // --budget FILE…; empty = discover
  std::string kiln_config;           // -c FILE
  bool allow_none = false;           // kiln build: no budgets is fine, not an error
  // kiln build: kiln_config's "budget" section, from the kiln.json it has parsed already
  // (config::BuildConfig::budget); kiln_config is then not read again.
  const std::optional<nlohmann::json>* kiln_budget = nullptr;
};

struct Budgets {
  std::vector<Rule> rules;
  std::vector<Source> sources;  // in the order read
};

struct LoadResult {
  Budgets budgets;
  std::optional<ConfigError> error;
};

LoadResult load_budgets(fs::Disk& disk, const BudgetOptions& options);
// Prints each line of the error as "kiln: error: LINE".
void print_error(std::ostream& out, const ConfigError& e);

// Path helpers shared by the readers (lexical, no disk access).
std::string absolute_normal(const std::string& path);
std::string relative_to(const std::string& path, const std::string& base);  // "" when equal

}  // namespace kiln::budget
