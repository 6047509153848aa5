// Lighthouse budget.json: an array of budgets, each with a robots.txt-style `path`
// (`*` and a trailing `$`), `resourceSizes` (KiB: Lighthouse multiplies by 1024),
// `resourceCounts` and `timings`. Validation follows Lighthouse's config/budget.js, so a
// file Lighthouse rejects is rejected here too, with the JSON path of the bad value.
#include <nlohmann/json.hpp>

#include "budget/config.h"
#include "budget/config_json.h"

namespace kiln::budget {

namespace {

using nlohmann::json;

// The metrics Lighthouse's budget.js accepts in `timings`.
constexpr std::string_view kTimingMetrics[] = {"first-contentful-paint", "interactive", "first-meaningful-paint",
                                               "max-potential-fid", "total-blocking-time", "speed-index",
                                               "largest-contentful-paint", "cumulative-layout-shift"};
constexpr const char* kTimingMetricNames =
    "first-contentful-paint, interactive, first-meaningful-paint, max-potential-fid, total-blocking-time, "
    "speed-index, largest-contentful-paint or cumulative-layout-shift";
constexpr const char* kTypes = "total, document, script, stylesheet, image, media, font, other or third-party";

void check_path(const json& j, const Source& src, const std::string& path) {
  if (!j.is_string()) bad(src, path, "a URL path such as \"/*\"", j);
  std::string p = j.get<std::string>();
  auto count = [&](char c) { return std::count(p.begin(), p.end(), c); };
  if (p.empty() || p[0] != '/') bad(src, path, "a URL path starting with '/'", j);
  if (count('*') > 1) bad(src, path, "a path with at most one '*'", j);
  if (count('$') > 1 || (count('$') == 1 && p.back() != '$')) bad(src, path, "a path with '$' only at its end", j);
}

void read_resources(const json& list, const Source& src, const std::string& path, Measure measure, int group,
                    const std::string& pattern, std::vector<Rule>& out) {
  if (!list.is_array()) bad(src, path, "an array of {\"resourceType\", \"budget\"}", list);
  std::vector<std::string> seen;
  for (size_t i = 0; i < list.size(); ++i) {
    const auto& r = list[i];
    std::string rp = json_index(path, i);
    if (!r.is_object()) bad(src, rp, "an object {\"resourceType\", \"budget\"}", r);
    check_keys(r, src, rp, {"resourceType", "budget"});
    const json& type = r.contains("resourceType") ? r["resourceType"] : json();
    if (!type.is_string()) bad(src, json_key(rp, "resourceType"), std::string("one of ") + kTypes, type);
    std::string name = type.get<std::string>();
    Rule rule;
    rule.source = src.display;
    rule.json_path = rp;
    rule.format = Format::lighthouse;
    rule.scope = Scope::entry;
    rule.measure = measure;
    // A Lighthouse run loads the page and renders it: the fonts its text uses are fetched too.
    rule.phase = Phase::page_load;
    rule.entry_pattern = pattern;
    rule.lighthouse_path = true;
    rule.group = group;
    // Transfer sizes: what a brotli-serving CDN sends (Lighthouse measures the network).
    rule.compression = Compression::brotli;
    rule.name = name + (measure == Measure::bytes ? " size" : " count");
    if (name == "third-party") rule.third_party = true;
    else if (name != "total") {
      bool found = false;
      for (size_t t = 0; t < pipeline::kResourceTypes; ++t)
        if (name == pipeline::resource_type_name(static_cast<pipeline::ResourceType>(t)))
          rule.type = static_cast<pipeline::ResourceType>(t), found = true;
      if (!found) bad(src, json_key(rp, "resourceType"), std::string("one of ") + kTypes, type);
    }
    if (std::find(seen.begin(), seen.end(), name) != seen.end())
      bad_message(src, json_key(rp, "resourceType"), "duplicate resource type '" + name + "'");
    seen.push_back(name);
    const json& budget = r.contains("budget") ? r["budget"] : json();
    if (!budget.is_number() || budget.get<double>() < 0)
      bad(src, json_key(rp, "budget"), measure == Measure::bytes ? "a number of KB" : "a number of requests", budget);
    double value = budget.get<double>();
    Limit l;
    l.text = budget.dump();
    l.bytes = measure == Measure::bytes ? static_cast<uint64_t>(value * 1024) : static_cast<uint64_t>(value);
    rule.error = l;
    if (rule.third_party && measure == Measure::bytes)
      rule.unsupported = "third-party bytes are fetched from other hosts, not in the build";
    out.push_back(std::move(rule));
  }
}

}  // namespace

void read_lighthouse(const json& j, const Source& src, std::vector<Rule>& out) {
  if (!j.is_array()) bad(src, "", "an array of budgets", j);
  for (size_t i = 0; i < j.size(); ++i) each_entry(src, [&] {
    const auto& b = j[i];
    std::string bp = json_index("", i);
    if (!b.is_object()) bad(src, bp, "a budget object", b);
    check_keys(b, src, bp, {"path", "options", "resourceSizes", "resourceCounts", "timings"});
    std::string pattern = "/";
    if (b.contains("path")) {
      check_path(b["path"], src, json_key(bp, "path"));
      pattern = b["path"].get<std::string>();
    }
    if (b.contains("options") && !b["options"].is_object()) bad(src, json_key(bp, "options"), "an object", b["options"]);
    if (b.contains("resourceSizes"))
      read_resources(b["resourceSizes"], src, json_key(bp, "resourceSizes"), Measure::bytes, int(i), pattern, out);
    if (b.contains("resourceCounts"))
      read_resources(b["resourceCounts"], src, json_key(bp, "resourceCounts"), Measure::count, int(i), pattern, out);
    if (b.contains("timings")) {
      const auto& t = b["timings"];
      std::string tp = json_key(bp, "timings");
      if (!t.is_array()) bad(src, tp, "an array of {\"metric\", \"budget\"}", t);
      for (size_t k = 0; k < t.size(); ++k) {
        std::string mp = json_index(tp, k);
        if (!t[k].is_object() || !t[k].contains("metric") || !t[k]["metric"].is_string())
          bad(src, mp, "an object {\"metric\", \"budget\"}", t[k]);
        check_keys(t[k], src, mp, {"metric", "budget"});
        std::string metric = t[k]["metric"].get<std::string>();
        if (std::find(std::begin(kTimingMetrics), std::end(kTimingMetrics), metric) == std::end(kTimingMetrics))
          bad(src, json_key(mp, "metric"), std::string("one of ") + kTimingMetricNames, t[k]["metric"]);
        if (!t[k].contains("budget") || !t[k]["budget"].is_number() || t[k]["budget"].get<double>() < 0)
          bad(src, json_key(mp, "budget"), "a number of milliseconds (cumulative-layout-shift: a score)",
              t[k].value("budget", json()));
        Rule rule;
        rule.source = src.display;
        rule.json_path = mp;
        rule.format = Format::lighthouse;
        rule.scope = Scope::entry;
        rule.entry_pattern = pattern;
        rule.lighthouse_path = true;
        rule.group = int(i);
        rule.name = t[k]["metric"].get<std::string>() + " timing";
        rule.unsupported = "not checkable from files (a timing needs a browser)";
        out.push_back(std::move(rule));
      }
    }
  });
}

}  // namespace kiln::budget
