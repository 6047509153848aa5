// budget: what a budget says (a Rule, read from any of the config formats kiln speaks) and
// what checking it found (a Check). Rules are plain data so every format reader produces the
// same thing and the evaluator and the reports never know which format a rule came from.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analysis/analysis.h"

namespace kiln::budget {

enum class Format { kiln, lighthouse, size_limit, bundlesize, bundlewatch };
const char* format_name(Format f);

enum class Compression { raw, gzip, brotli };
const char* compression_name(Compression c);

// A limit as written: an absolute byte count, or relative to the baseline's value.
struct Limit {
  enum class Kind { absolute, percent, plus } kind = Kind::absolute;
  uint64_t bytes = 0;    // absolute: the limit; plus: the allowed growth
  double percent = 0;    // percent: the allowed growth, 5 for "+5%"
  std::string text;      // as written, for messages
};

// What a rule measures.
enum class Scope {
  entry,  // one entry page (its initial, on-use, lazy or total set), optionally one resource type
  build,  // every file of the build, optionally one resource type
  files,  // the files matching path globs (summed, or each on its own)
};
// page_load: what loading the page fetches, initial plus the fonts its text uses (on_use);
// what Lighthouse measures. total: initial, on use and lazy.
enum class Phase { initial, on_use, page_load, lazy, total };
enum class Measure { bytes, count };

struct Rule {
  std::string name;       // shown in reports; unique enough for people to find it
  std::string source;     // config file as displayed ("budget.json", "package.json")
  std::string json_path;  // where in that file ("[0].resourceSizes[1]")
  Format format = Format::kiln;

  Scope scope = Scope::files;
  Measure measure = Measure::bytes;
  Compression compression = Compression::brotli;
  Phase phase = Phase::initial;
  std::optional<pipeline::ResourceType> type;  // none = every type
  bool third_party = false;                    // Lighthouse's "third-party" resource type

  // Scope::entry: which pages. kiln: globs over entry paths relative to DIR. Lighthouse:
  // a robots.txt-style URL path pattern, and `group` is the budget's index in its file
  // (the last matching budget of a file wins for a page).
  std::string entry_pattern;
  bool lighthouse_path = false;
  int group = -1;

  // Scope::files: globs relative to the config's folder (a leading '!' excludes), matched
  // against "<from_config>/<path in DIR>"; `each` checks every matched file on its own.
  std::vector<std::string> globs;
  std::string dir_from_config;  // DIR relative to the config's folder, "" when the same
  bool anchored = false;        // globs match from the config folder (globby), not any folder
  bool each = false;

  std::optional<Limit> error, warning;
  std::string unsupported;  // non-empty: cannot be checked from files; says why
};

enum class Status { pass, warn, fail, skip };
const char* status_name(Status s);

struct Check {
  std::string name;
  const Rule* rule = nullptr;
  std::optional<uint64_t> actual;
  std::optional<uint64_t> limit;          // the error-level limit in bytes (or count)
  std::optional<uint64_t> warning_limit;
  std::optional<uint64_t> before;         // the same measure in the baseline
  Status status = Status::skip;
  std::string reason;                     // why skipped; what failed
  // Margin: limit - actual (negative when over). Only when both are known.
  std::optional<int64_t> margin() const {
    if (!actual || !limit) return std::nullopt;
    return static_cast<int64_t>(*limit) - static_cast<int64_t>(*actual);
  }
};

}  // namespace kiln::budget
