// The machine formats of `kiln graph`: kiln's JSON (the graph and every finding), knip's
// JSON reporter shape, and Graphviz dot.
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "source/report.h"

namespace kiln::source {

namespace {

using Json = nlohmann::ordered_json;

const char* syntax_name(SourceSyntax s) {
  switch (s) {
    case SourceSyntax::javascript: return "javascript";
    case SourceSyntax::typescript: return "typescript";
    case SourceSyntax::tsx: return "tsx";
    case SourceSyntax::vue: return "vue";
    case SourceSyntax::svelte: return "svelte";
    case SourceSyntax::css: return "css";
    case SourceSyntax::html: return "html";
    case SourceSyntax::none: break;
  }
  return "other";
}

std::string dump(const Json& j) { return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n"; }

}  // namespace

std::string graph_json(const ReportInput& in) {
  const auto& g = in.graph;
  const auto& f = in.findings;
  std::vector<const Entry*> entry_of(g.modules.size(), nullptr);
  for (auto& e : f.entries) entry_of[e.file] = &e;
  Json j;
  j["version"] = 1;
  Json nodes = Json::array();
  for (uint32_t i = 0; i < g.modules.size(); ++i) {
    const auto& m = g.modules[i];
    if (m.syntax == SourceSyntax::none) continue;
    Json n{{"id", i}, {"path", m.path}, {"bytes", m.bytes}, {"syntax", syntax_name(m.syntax)},
           {"reachable", bool(f.reachable[i])}};
    if (entry_of[i]) n["entry"] = entry_of[i]->reason;
    nodes.push_back(std::move(n));
  }
  j["nodes"] = std::move(nodes);
  Json edges = Json::array();
  for (auto& e : g.edges)
    edges.push_back(Json{{"from", g.modules[e.from].path}, {"to", g.modules[e.to].path}, {"kind", import_kind_name(e.kind)},
                         {"typeOnly", e.type_only}, {"dynamic", e.is_dynamic()}, {"line", e.line}, {"column", e.column}});
  j["edges"] = std::move(edges);
  Json packages = Json::array();
  for (auto& p : g.packages)
    packages.push_back(Json{{"from", g.modules[p.from].path}, {"package", p.package}, {"typeOnly", p.type_only},
                            {"line", p.line}, {"column", p.column}});
  j["packageImports"] = std::move(packages);
  Json findings = Json::array();
  for (auto& l : finding_lines(in))
    findings.push_back(Json{{"category", l.category}, {"file", l.file}, {"line", l.line}, {"column", l.column}, {"message", l.message}});
  j["findings"] = std::move(findings);
  Json cycles = Json::array();
  for (auto& c : f.cycles) {
    Json files = Json::array(), chain = Json::array();
    for (auto m : c.files) files.push_back(g.modules[m].path);
    for (auto& e : c.chain)
      chain.push_back(Json{{"from", g.modules[e.from].path}, {"to", g.modules[e.to].path}, {"line", e.line}, {"column", e.column}});
    cycles.push_back(Json{{"typeOnly", c.type_only}, {"files", std::move(files)}, {"chain", std::move(chain)}});
  }
  j["cycles"] = std::move(cycles);
  Json dynamic = Json::array();
  for (auto& m : g.modules)
    for (auto& d : m.facts.dynamic)
      dynamic.push_back(Json{{"file", m.path}, {"kind", import_kind_name(d.kind)}, {"expression", d.expression},
                             {"line", d.line}, {"column", d.column}});
  j["nonLiteralSpecifiers"] = std::move(dynamic);
  j["implicitDependencies"] = f.implicit_dependencies;
  return dump(j);
}

// knip --reporter json: {"files": [...], "issues": [{file, dependencies, devDependencies,
// optionalPeerDependencies, unlisted, binaries, unresolved, exports, nsExports, types,
// nsTypes, enumMembers, classMembers, duplicates}]}, one row per file with an issue.
std::string knip_json(const ReportInput& in) {
  const auto& g = in.graph;
  const auto& f = in.findings;
  std::map<std::string, Json> rows;
  auto row = [&](const std::string& file) -> Json& {
    auto it = rows.find(file);
    if (it != rows.end()) return it->second;
    Json r;
    r["file"] = file;
    for (const char* k : {"dependencies", "devDependencies", "optionalPeerDependencies", "unlisted", "binaries",
                          "unresolved", "exports", "nsExports", "types", "nsTypes"})
      r[k] = Json::array();
    r["enumMembers"] = Json::object();
    r["classMembers"] = Json::object();
    r["duplicates"] = Json::array();
    return rows.emplace(file, std::move(r)).first->second;
  };
  auto item = [](const std::string& name, uint32_t line, uint32_t col, uint32_t pos) {
    Json i{{"name", name}};
    if (line) i["line"] = line, i["col"] = col, i["pos"] = pos;
    return i;
  };
  Json files = Json::array();
  for (auto i : f.unused_files) files.push_back(g.modules[i].path);
  for (auto& d : f.unused_dependencies)
    row(d.file)[d.section == "devDependencies" ? "devDependencies" : "dependencies"].push_back(item(d.name, d.line, d.column, d.pos));
  for (auto& d : f.unlisted) row(d.file)["unlisted"].push_back(item(d.name, d.line, d.column, 0));
  for (auto& u : g.unresolved) row(g.modules[u.from].path)["unresolved"].push_back(item(u.specifier, u.line, u.column, 0));
  for (auto& x : f.unused_exports) row(g.modules[x.file].path)["exports"].push_back(item(x.name, x.line, x.column, x.pos));
  for (auto& x : f.unused_types) row(g.modules[x.file].path)["types"].push_back(item(x.name, x.line, x.column, x.pos));
  for (auto& d : f.duplicates) row(d.file)["duplicates"].push_back(Json::array({item(d.name, d.line, d.column, d.pos)}));
  Json issues = Json::array();
  for (auto& [file, r] : rows) issues.push_back(std::move(r));
  Json j;
  j["files"] = std::move(files);
  j["issues"] = std::move(issues);
  return j.dump() + "\n";
}

std::string graph_dot(const ReportInput& in) {
  const auto& g = in.graph;
  std::ostringstream out;
  auto quote = [](const std::string& s) {
    std::string q = "\"";
    for (char c : s) q += (c == '"' || c == '\\') ? std::string("\\") + c : std::string(1, c);
    return q + "\"";
  };
  out << "digraph kiln {\n  rankdir=LR;\n  node [shape=box, fontsize=10];\n";
  std::vector<uint8_t> unused(g.modules.size(), 0);
  for (auto i : in.findings.unused_files) unused[i] = 1;
  for (uint32_t i = 0; i < g.modules.size(); ++i)
    if (is_code(g.modules[i].syntax) || g.modules[i].syntax == SourceSyntax::html)
      out << "  " << quote(g.modules[i].path) << (unused[i] ? " [color=red]" : "") << ";\n";
  for (auto& e : g.edges) {
    out << "  " << quote(g.modules[e.from].path) << " -> " << quote(g.modules[e.to].path);
    if (e.type_only) out << " [style=dotted]";
    else if (e.is_dynamic()) out << " [style=dashed]";
    out << ";\n";
  }
  out << "}\n";
  return out.str();
}

}  // namespace kiln::source
