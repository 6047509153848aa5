// `kiln split` output: readable text (a "cut here" list per page), kiln's JSON
// (`kiln.split/1`, described in README "kiln split"), markdown for a PR comment, and GitHub
// annotations at each import's line.
#pragma once

#include <iosfwd>
#include <string>

#include "advice/split_points.h"

namespace kiln::advice {

struct SplitReportInput {
  const source::SourceGraph& graph;
  const SplitReport& report;
  const SplitOptions& options;
};

void print_split_text(std::ostream& out, const SplitReportInput& in);
void print_split_markdown(std::ostream& out, const SplitReportInput& in);
void print_split_github(std::ostream& out, const SplitReportInput& in);
std::string split_json(const SplitReportInput& in);

// "412.0 kB raw / 118.3 kB br" (built bytes) or "12.3 kB source bytes".
std::string cut_bytes_text(const Bytes& b, bool built);
// "src/routes.tsx:14:1 import Editor from './Editor' → … leaves the initial load (38% of it);
// brings in monaco-editor, prettier"
std::string cut_line(const SplitReportInput& in, const Cut& cut);
std::string ineffective_line(const SplitReportInput& in, const Ineffective& x);
std::string shake_line(const SplitReportInput& in, const ShakeMiss& m);

}  // namespace kiln::advice
