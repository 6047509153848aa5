// `kiln graph` output: readable text, kiln's JSON (nodes, edges with kind and line, every
// finding), Graphviz dot, knip's JSON reporter shape (`knip --reporter json`), a markdown
// summary and GitHub annotations.
#pragma once

#include <iosfwd>
#include <string>

#include "source/findings.h"

namespace kiln::source {

struct ReportInput {
  const SourceGraph& graph;
  const Findings& findings;
};

void print_text(std::ostream& out, const ReportInput& in);
void print_markdown(std::ostream& out, const ReportInput& in);
void print_github(std::ostream& out, const ReportInput& in);
std::string graph_json(const ReportInput& in);
std::string knip_json(const ReportInput& in);
std::string graph_dot(const ReportInput& in);

// One line per finding, "FILE:LINE:COL: what" (also what text, markdown and github show).
struct FindingLine {
  std::string category;  // files, exports, types, conflicts, dependencies, unlisted, duplicates, unresolved, cycles
  std::string file;
  uint32_t line = 0, column = 0;
  std::string message;
};
std::vector<FindingLine> finding_lines(const ReportInput& in);

}  // namespace kiln::source
