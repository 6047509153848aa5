// The findings as lines (category, file:line:col, message), in a fixed order, and the three
// readable formats built from them: text, markdown, GitHub annotations.
#include <map>
#include <ostream>

#include "source/report.h"

namespace kiln::source {

namespace {

const char* kind_word(ExportKind k) {
  switch (k) {
    case ExportKind::type: return "type";
    case ExportKind::interface: return "interface";
    case ExportKind::enum_: return "enum";
    case ExportKind::namespace_: return "namespace";
    case ExportKind::class_: return "class";
    case ExportKind::function: return "function";
    case ExportKind::default_: return "default export";
    case ExportKind::commonjs: return "CommonJS export";
    case ExportKind::value: break;
  }
  return "export";
}

const char* kTitles[][2] = {{"files", "Unused files"},
                            {"exports", "Unused exports"},
                            {"types", "Unused exported types"},
                            {"conflicts", "export * conflicts"},
                            {"dependencies", "Unused dependencies"},
                            {"unlisted", "Unlisted dependencies"},
                            {"duplicates", "Dependencies listed twice"},
                            {"unresolved", "Unresolved imports"},
                            {"cycles", "Import cycles"},
                            {"type-cycles", "Type-only import cycles (vanish at build)"}};

}  // namespace

std::vector<FindingLine> finding_lines(const ReportInput& in) {
  const auto& g = in.graph;
  const auto& f = in.findings;
  std::vector<FindingLine> out;
  auto path = [&](uint32_t i) { return g.modules[i].path; };
  for (auto i : f.unused_files) out.push_back({"files", path(i), 0, 0, "unused file: no entry reaches it"});
  for (auto& x : f.unused_exports)
    out.push_back({"exports", path(x.file), x.line, x.column, std::string("unused ") + kind_word(x.kind) + " '" + x.name + "'"});
  for (auto& x : f.unused_types)
    out.push_back({"types", path(x.file), x.line, x.column, std::string("unused exported ") + kind_word(x.kind) + " '" + x.name + "'"});
  for (auto& c : f.star_conflicts) {
    std::string from;
    for (auto p : c.providers) from += (from.empty() ? "" : ", ") + path(p);
    out.push_back({"conflicts", path(c.file), c.line, c.column,
                   "'" + c.name + "' comes from more than one export * (" + from + "): neither is exported"});
  }
  for (auto& d : f.unused_dependencies)
    out.push_back({"dependencies", d.file, d.line, d.column, "unused " + d.section + " entry '" + d.name + "'"});
  for (auto& d : f.unlisted)
    out.push_back({"unlisted", d.file, d.line, d.column,
                   "'" + d.name + (d.section == "config" ? "' is named by this config" : "' is imported") +
                       " but not listed in package.json"});
  for (auto& d : f.duplicates)
    out.push_back({"duplicates", d.file, d.line, d.column, "'" + d.name + "' is in both dependencies and devDependencies"});
  for (auto& u : g.unresolved) {
    std::string tried;
    for (auto& t : u.tried) tried += (tried.empty() ? "" : ", ") + t;
    out.push_back({"unresolved", path(u.from), u.line, u.column,
                   "cannot resolve '" + u.specifier + "'" + (tried.empty() ? "" : " (tried " + tried + ")")});
  }
  for (auto& c : f.cycles) {
    std::string chain;
    for (auto& e : c.chain) chain += path(e.from) + ":" + std::to_string(e.line) + " -> ";
    if (!c.chain.empty()) chain += path(c.chain.front().from);
    std::string what = std::to_string(c.files.size()) + (c.files.size() == 1 ? " file" : " files") + " in a cycle: " + chain;
    uint32_t line = c.chain.empty() ? 0 : c.chain.front().line, col = c.chain.empty() ? 0 : c.chain.front().column;
    std::string where = c.chain.empty() ? path(c.files.front()) : path(c.chain.front().from);
    out.push_back({c.type_only ? "type-cycles" : "cycles", where, line, col, what});
  }
  return out;
}

void print_text(std::ostream& out, const ReportInput& in) {
  const auto& g = in.graph;
  const auto& f = in.findings;
  size_t code = 0;
  for (auto& m : g.modules) code += is_code(m.syntax);
  out << "kiln graph: " << g.modules.size() << " files (" << code << " modules, " << g.parsed << " parsed, "
      << g.from_cache << " from cache), " << g.edges.size() << " edges, " << f.entries.size() << " entries\n";
  std::map<std::string, std::vector<const FindingLine*>> by;
  auto lines = finding_lines(in);
  for (auto& l : lines) by[l.category].push_back(&l);
  for (auto& [key, title] : kTitles) {
    auto it = by.find(key);
    if (it == by.end()) continue;
    out << '\n' << title << " (" << it->second.size() << ")\n";
    for (auto* l : it->second) {
      out << "  " << l->file;
      if (l->line) out << ':' << l->line << ':' << l->column;
      out << "  " << l->message << '\n';
    }
  }
  size_t dynamic = 0;
  for (auto& m : g.modules) dynamic += m.facts.dynamic.size();
  if (dynamic) {
    out << "\nNon-literal specifiers, not followed (" << dynamic << ")\n";
    for (auto& m : g.modules)
      for (auto& d : m.facts.dynamic)
        out << "  " << m.path << ':' << d.line << ':' << d.column << "  " << import_kind_name(d.kind) << '(' << d.expression << ")\n";
  }
  if (!f.implicit_dependencies.empty()) {
    out << "\nUsed without an import:";
    for (auto& s : f.implicit_dependencies) out << "\n  " << s;
    out << '\n';
  }
  out << '\n' << (lines.empty() ? "no findings" : std::to_string(lines.size()) + " findings") << '\n';
}

void print_markdown(std::ostream& out, const ReportInput& in) {
  auto lines = finding_lines(in);
  out << "## kiln graph\n\n";
  if (lines.empty()) {
    out << "No findings.\n";
    return;
  }
  std::map<std::string, std::vector<const FindingLine*>> by;
  for (auto& l : lines) by[l.category].push_back(&l);
  out << "| Finding | Count |\n|---|---:|\n";
  for (auto& [key, title] : kTitles)
    if (by.count(key)) out << "| " << title << " | " << by[key].size() << " |\n";
  for (auto& [key, title] : kTitles) {
    if (!by.count(key)) continue;
    out << "\n### " << title << "\n\n| Where | What |\n|---|---|\n";
    for (auto* l : by[key]) {
      out << "| `" << l->file;
      if (l->line) out << ':' << l->line << ':' << l->column;
      std::string msg = l->message;
      for (size_t at = msg.find('|'); at != std::string::npos; at = msg.find('|', at + 2)) msg.replace(at, 1, "\\|");
      out << "` | " << msg << " |\n";
    }
  }
}

void print_github(std::ostream& out, const ReportInput& in) {
  for (auto& l : finding_lines(in)) {
    out << "::error file=" << l.file;
    if (l.line) out << ",line=" << l.line << ",col=" << l.column;
    std::string msg = l.message;
    for (size_t at = msg.find('\n'); at != std::string::npos; at = msg.find('\n', at)) msg.replace(at, 1, "%0A");
    out << ",title=kiln graph (" << l.category << ")::" << msg << '\n';
  }
}

}  // namespace kiln::source
