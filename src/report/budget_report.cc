#include "report/budget_report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "core/units.h"
#include "report/diagnostics_json.h"

namespace kiln::report {

using budget::Check;
using budget::Measure;
using budget::Status;
using nlohmann::json;

namespace {

bool is_count(const Check& c) { return c.rule && c.rule->measure == Measure::count; }

std::string amount(const Check& c, std::optional<uint64_t> v) {
  if (!v) return "-";
  if (is_count(c)) return std::to_string(*v) + (*v == 1 ? " request" : " requests");
  return format_bytes(*v);
}

std::string margin_text(const Check& c) {
  auto m = c.margin();
  if (!m) return "-";
  uint64_t abs = static_cast<uint64_t>(*m < 0 ? -*m : *m);
  return std::string(*m < 0 ? "-" : "+") + (is_count(c) ? std::to_string(abs) : format_bytes(abs));
}

// "index.html initial (brotli)": the compression is part of what was measured.
std::string title(const Check& c) {
  if (!c.rule || !c.rule->unsupported.empty() || is_count(c)) return c.name;
  return c.name + " (" + budget::compression_name(c.rule->compression) + ")";
}

std::string where(const Check& c) {
  if (!c.rule) return "";
  return c.rule->source + (c.rule->json_path.empty() ? "" : " " + c.rule->json_path);
}

std::string limit_text(const Check& c) {
  std::string s = amount(c, c.limit);
  if (c.warning_limit) s += " (warn " + amount(c, c.warning_limit) + ")";
  return s;
}

// Why a check is not a plain pass, in one sentence.
std::string explanation(const Check& c) {
  switch (c.status) {
    case Status::fail:
      if (!c.actual) return c.reason;
      return amount(c, c.actual) + " is over the limit of " + amount(c, c.limit) + " by " +
             (is_count(c) ? std::to_string(*c.actual - *c.limit) : format_bytes(*c.actual - *c.limit)) + " (" +
             with_thousands(*c.actual) + " > " + with_thousands(*c.limit) + ")";
    case Status::warn:
      return amount(c, c.actual) + " is over the warning limit of " + amount(c, c.warning_limit) + " (" +
             with_thousands(*c.actual) + " > " + with_thousands(*c.warning_limit) + ")";
    case Status::skip: return c.reason;
    case Status::pass: return c.reason;
  }
  return "";
}

std::string sources_text(const BudgetReport& r) {
  std::string s;
  std::set<std::string> seen;
  for (const auto& src : r.sources) {
    std::string one = src.display + (src.key.empty() ? "" : "#" + src.key);
    if (seen.insert(one).second) s += (s.empty() ? "" : ", ") + one;
  }
  return s;
}

std::string summary_text(const BudgetCounts& n) {
  return std::to_string(n.pass) + " pass, " + std::to_string(n.warn) + " warn, " + std::to_string(n.fail) +
         " fail, " + std::to_string(n.skip) + " skipped";
}

// GitHub workflow command escaping: data escapes % CR LF; properties also ':' and ','.
std::string gh_data(std::string_view s) {
  std::string out;
  for (char ch : s) {
    if (ch == '%') out += "%25";
    else if (ch == '\r') out += "%0D";
    else if (ch == '\n') out += "%0A";
    else out += ch;
  }
  return out;
}
std::string gh_property(std::string_view s) {
  std::string out;
  for (char ch : gh_data(s)) {
    if (ch == ':') out += "%3A";
    else if (ch == ',') out += "%2C";
    else out += ch;
  }
  return out;
}

std::string md_cell(std::string_view s) {
  std::string out;
  for (char ch : s) out += ch == '|' ? std::string("\\|") : std::string(1, ch);
  return out;
}

const char* status_mark(Status s) {
  switch (s) {
    case Status::pass: return "✅ pass";
    case Status::warn: return "⚠️ warn";
    case Status::fail: return "❌ fail";
    case Status::skip: return "⏭️ skip";
  }
  return "";
}

std::string arrow_delta(std::optional<uint64_t> before, std::optional<uint64_t> after) {
  std::string d = delta_text(before, after);
  if (before && after && *after > *before) return d + " ▲";
  if (before && after && *after < *before) return d + " ▼";
  return d;
}

void print_comparison_markdown(std::ostream& out, const BudgetReport& r) {
  const auto& cmp = *r.comparison;
  auto table = [&](const char* heading, const std::vector<budget::DiffRow>& rows, bool only_changed) {
    size_t shown = 0;
    std::ostringstream body;
    for (const auto& row : rows) {
      std::optional<uint64_t> b, a;
      if (row.before) b = row.before->brotli;
      if (row.after) a = row.after->brotli;
      if (only_changed && b && a && *a == *b) continue;
      ++shown;
      body << "| `" << md_cell(row.name) << "` | " << (b ? format_bytes(*b) : "-") << " | "
           << (a ? format_bytes(*a) : "-") << " | " << arrow_delta(b, a) << " |\n";
    }
    out << "\n<details><summary>" << heading << " (brotli)</summary>\n\n";
    if (!shown) {
      out << "No changes.\n\n</details>\n";
      return;
    }
    out << "| | before | after | change |\n|---|---:|---:|---:|\n" << body.str() << "\n</details>\n";
  };
  table("Entries", cmp.entries, false);
  table("Resource types", cmp.types, false);
  table("Changed files", cmp.files, true);
}

}  // namespace

BudgetCounts count_checks(const std::vector<Check>& checks) {
  BudgetCounts n;
  for (const auto& c : checks) {
    switch (c.status) {
      case Status::pass: ++n.pass; break;
      case Status::warn: ++n.warn; break;
      case Status::fail: ++n.fail; break;
      case Status::skip: ++n.skip; break;
    }
  }
  return n;
}

std::string delta_text(std::optional<uint64_t> before, std::optional<uint64_t> after) {
  if (!before && after) return "new";
  if (before && !after) return "removed";
  if (!before || !after) return "-";
  int64_t d = static_cast<int64_t>(*after) - static_cast<int64_t>(*before);
  uint64_t abs = static_cast<uint64_t>(d < 0 ? -d : d);
  std::string s = std::string(d < 0 ? "-" : "+") + format_bytes(abs);
  if (*before) {
    char buf[32];
    std::snprintf(buf, sizeof buf, " (%+.1f%%)", 100.0 * double(d) / double(*before));
    s += buf;
  }
  return s;
}

std::string xml_escape(std::string_view s) {
  std::string out;
  for (char ch : s) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        // Control characters are not allowed in XML 1.0; tabs and newlines are.
        if (static_cast<unsigned char>(ch) < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') out += ' ';
        else out += ch;
    }
  }
  return out;
}

void print_budget_text(std::ostream& out, const BudgetReport& r) {
  auto n = count_checks(r.checks);
  out << "kiln budget " << r.root << ": " << r.checks.size() << (r.checks.size() == 1 ? " budget: " : " budgets: ")
      << summary_text(n) << "\n  from " << sources_text(r) << "\n";
  if (r.comparison) out << "  compared with " << r.baseline << "\n";
  out << "\n";
  bool deltas = r.comparison.has_value();
  char line[1024];
  std::snprintf(line, sizeof line, "  %-6s %-44s %12s %12s %12s%s\n", "status", "budget", "actual", "limit", "margin",
                deltas ? "  change" : "");
  out << line;
  for (const auto& c : r.checks) {
    std::string name = title(c);
    if (name.size() > 44) name = "…" + name.substr(name.size() - 43);
    std::snprintf(line, sizeof line, "  %-6s %-44s %12s %12s %12s", budget::status_name(c.status), name.c_str(),
                  amount(c, c.actual).c_str(), amount(c, c.limit).c_str(), margin_text(c).c_str());
    out << line;
    if (deltas) out << "  " << (c.before || c.actual ? delta_text(c.before, c.actual) : "-");
    out << '\n';
    std::string why = explanation(c);
    if (c.status != Status::pass || !why.empty()) out << "         " << where(c) << (why.empty() ? "" : ": " + why) << '\n';
  }
  if (r.comparison) {
    const auto& cmp = *r.comparison;
    out << "\n  compared with the baseline (brotli)\n";
    auto rows = [&](const char* heading, const std::vector<budget::DiffRow>& list, bool only_changed) {
      out << "  " << heading << "\n";
      size_t shown = 0;
      for (const auto& row : list) {
        std::optional<uint64_t> b, a;
        if (row.before) b = row.before->brotli;
        if (row.after) a = row.after->brotli;
        if (only_changed && b && a && *a == *b) continue;
        ++shown;
        std::snprintf(line, sizeof line, "    %-48s %12s %12s  %s\n", row.name.c_str(), b ? format_bytes(*b).c_str() : "-",
                      a ? format_bytes(*a).c_str() : "-", delta_text(b, a).c_str());
        out << line;
      }
      if (!shown) out << "    no changes\n";
    };
    rows("entries", cmp.entries, false);
    rows("resource types", cmp.types, false);
    rows("files (changed, added, removed; content hashes ignored)", cmp.files, true);
    out << "  " << cmp.added.size() << " added, " << cmp.removed.size() << " removed\n";
  }
  if (n.fail) out << "\n  " << n.fail << (n.fail == 1 ? " budget" : " budgets") << " broken\n";
}

void print_budget_markdown(std::ostream& out, const BudgetReport& r) {
  auto n = count_checks(r.checks);
  out << "### " << (n.fail ? "❌" : n.warn ? "⚠️" : "✅") << " kiln budget `" << r.root << "`\n\n"
      << summary_text(n) << " · from " << sources_text(r);
  if (r.comparison) out << " · compared with `" << r.baseline << "`";
  out << "\n\n";
  bool deltas = r.comparison.has_value();
  out << "| budget | size | limit | margin |" << (deltas ? " change |" : "") << " status |\n"
      << "|---|---:|---:|---:|" << (deltas ? "---:|" : "") << "---|\n";
  for (const auto& c : r.checks) {
    out << "| " << md_cell(title(c)) << " | " << amount(c, c.actual) << " | " << limit_text(c) << " | "
        << margin_text(c) << " |";
    if (deltas) out << " " << (c.before || c.actual ? arrow_delta(c.before, c.actual) : "-") << " |";
    std::string why = c.status == Status::skip ? c.reason : "";
    if (why.rfind("skipped: ", 0) == 0) why = why.substr(9);
    out << " " << status_mark(c.status) << (why.empty() ? "" : ": " + md_cell(why)) << " |\n";
  }
  if (r.comparison) {
    print_comparison_markdown(out, r);
    const auto& cmp = *r.comparison;
    if (!cmp.added.empty() || !cmp.removed.empty()) {
      out << "\n" << cmp.added.size() << " added, " << cmp.removed.size() << " removed";
      out << " (content hashes ignored when matching files).\n";
    }
  }
}

void print_budget_github(std::ostream& out, const BudgetReport& r) {
  for (const auto& c : r.checks) {
    const char* cmd = c.status == Status::fail ? "error" : c.status == Status::warn ? "warning"
                      : c.status == Status::skip                                     ? "notice"
                                                                                     : nullptr;
    if (!cmd) continue;
    std::string file = c.rule ? c.rule->source : "";
    out << "::" << cmd << " file=" << gh_property(file) << ",title=" << gh_property("budget " + title(c)) << "::"
        << gh_data(title(c) + ": " + explanation(c) + (c.rule && !c.rule->json_path.empty() ? " (at " + c.rule->json_path + ")" : ""))
        << '\n';
  }
  auto n = count_checks(r.checks);
  out << "kiln budget " << r.root << ": " << summary_text(n) << '\n';
}

void print_budget_junit(std::ostream& out, const BudgetReport& r) {
  auto n = count_checks(r.checks);
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<testsuites name=\"kiln budget\" tests=\"" << r.checks.size() << "\" failures=\"" << n.fail
      << "\" skipped=\"" << n.skip << "\">\n";
  // One suite per config file, in the order they were read.
  std::vector<std::string> order;
  for (const auto& c : r.checks) {
    std::string s = c.rule ? c.rule->source : "";
    if (std::find(order.begin(), order.end(), s) == order.end()) order.push_back(s);
  }
  for (const auto& suite : order) {
    std::vector<const Check*> cs;
    for (const auto& c : r.checks)
      if ((c.rule ? c.rule->source : "") == suite) cs.push_back(&c);
    size_t f = 0, s = 0;
    for (auto* c : cs) f += c->status == Status::fail, s += c->status == Status::skip;
    out << "  <testsuite name=\"" << xml_escape(suite) << "\" tests=\"" << cs.size() << "\" failures=\"" << f
        << "\" skipped=\"" << s << "\">\n";
    for (auto* c : cs) {
      out << "    <testcase classname=\"" << xml_escape(suite) << "\" name=\"" << xml_escape(title(*c)) << "\"";
      std::string why = explanation(*c);
      if (c->status == Status::pass) {
        out << "/>\n";
        continue;
      }
      out << ">\n";
      if (c->status == Status::fail)
        out << "      <failure message=\"" << xml_escape(why) << "\" type=\"budget\">" << xml_escape(where(*c))
            << "</failure>\n";
      else if (c->status == Status::skip)
        out << "      <skipped message=\"" << xml_escape(why) << "\"/>\n";
      else
        out << "      <system-out>warning: " << xml_escape(why) << "</system-out>\n";
      out << "    </testcase>\n";
    }
    out << "  </testsuite>\n";
  }
  out << "</testsuites>\n";
}

json budget_json(json facts, const BudgetReport& r) {
  facts["schema"] = "kiln.budget/1";
  auto n = count_checks(r.checks);
  facts["summary"] = {{"pass", n.pass}, {"warn", n.warn}, {"fail", n.fail}, {"skip", n.skip}};
  json sources = json::array();
  for (const auto& s : r.sources) {
    json js = {{"path", s.display}, {"format", budget::format_name(s.format)}};
    if (!s.key.empty()) js["key"] = s.key;
    sources.push_back(js);
  }
  facts["sources"] = sources;
  json budgets = json::array();
  for (const auto& c : r.checks) {
    json j = {{"name", c.name}, {"status", budget::status_name(c.status)}};
    if (c.rule) {
      j["source"] = c.rule->source;
      j["jsonPath"] = c.rule->json_path;
      j["format"] = budget::format_name(c.rule->format);
      j["measure"] = c.rule->measure == Measure::count ? "count" : "bytes";
      if (c.rule->measure == Measure::bytes) j["compression"] = budget::compression_name(c.rule->compression);
    }
    auto opt = [&](const char* key, std::optional<uint64_t> v) { j[key] = v ? json(*v) : json(); };
    opt("actual", c.actual);
    opt("limit", c.limit);
    opt("warningLimit", c.warning_limit);
    opt("before", c.before);
    auto m = c.margin();
    j["margin"] = m ? json(*m) : json();
    if (!c.reason.empty()) j["reason"] = c.reason;
    budgets.push_back(j);
  }
  facts["budgets"] = budgets;
  if (r.comparison) {
    auto rows = [](const std::vector<budget::DiffRow>& list) {
      json a = json::array();
      for (const auto& row : list) {
        json j = {{"name", row.name}};
        auto sizes = [](const std::optional<pipeline::Sizes>& s) {
          return s ? json{{"raw", s->raw}, {"gzip", s->gzip}, {"brotli", s->brotli}} : json();
        };
        j["before"] = sizes(row.before);
        j["after"] = sizes(row.after);
        if (row.before && row.after) {
          auto d = [](uint64_t b, uint64_t x) { return static_cast<int64_t>(x) - static_cast<int64_t>(b); };
          j["delta"] = {{"raw", d(row.before->raw, row.after->raw)},
                        {"gzip", d(row.before->gzip, row.after->gzip)},
                        {"brotli", d(row.before->brotli, row.after->brotli)}};
          j["percent"] = row.before->brotli ? json(std::round(1000.0 * double(j["delta"]["brotli"].get<int64_t>()) /
                                                              double(row.before->brotli)) / 10.0)
                                            : json();
        }
        a.push_back(j);
      }
      return a;
    };
    const auto& cmp = *r.comparison;
    facts["comparison"] = {{"baseline", r.baseline}, {"entries", rows(cmp.entries)}, {"types", rows(cmp.types)},
                           {"files", rows(cmp.files)}, {"added", cmp.added}, {"removed", cmp.removed}};
  } else {
    facts["comparison"] = nullptr;
  }
  return facts;
}

std::string size_limit_json(const BudgetReport& r) {
  nlohmann::ordered_json a = nlohmann::ordered_json::array();
  for (const auto& c : r.checks) {
    nlohmann::ordered_json j;
    j["name"] = c.name;
    if (c.status != Status::skip) j["passed"] = c.status != Status::fail;
    if (c.actual) j["size"] = *c.actual;
    if (c.limit) j["sizeLimit"] = *c.limit;
    a.push_back(j);
  }
  return json_text(a) + "\n";
}

}  // namespace kiln::report
