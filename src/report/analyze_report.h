// What `kiln analyze` tells people (text, markdown) and machines (JSON, schema
// kiln.analyze/1, described in reports/analyze-schema.md).
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <ostream>
#include <string>

#include "analysis/analysis.h"
#include "core/diagnostics.h"
#include "report/diagnostics_json.h"

namespace kiln::report {

struct AnalyzeReportOptions {
  std::string root;       // as given on the command line
  std::string base = "/";
  size_t largest = 15;    // rows in "largest files"
};

// The per-entry table (initial/lazy sizes) and each heavy entry's resource types.
void print_entry_table(std::ostream& out, const pipeline::Analysis& a);
void print_analyze_text(std::ostream& out, const pipeline::Analysis& a, const AnalyzeReportOptions& o);
void print_analyze_markdown(std::ostream& out, const pipeline::Analysis& a, const AnalyzeReportOptions& o);
nlohmann::json analyze_json(const pipeline::Analysis& a, const AnalyzeReportOptions& o,
                            const Diagnostics& diags);

}  // namespace kiln::report
