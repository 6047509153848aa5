#include "budget/snapshot.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/json_reader.h"
#include "scan/file_kind.h"

namespace kiln::budget {

namespace {

using nlohmann::json;

pipeline::Sizes sizes_of(const json& j) {
  pipeline::Sizes s;
  s.raw = j.value("raw", uint64_t{0});
  s.gzip = j.value("gzip", s.raw);
  s.brotli = j.value("brotli", s.gzip);
  return s;
}

// An entry's initial, on-use or lazy load, as the JSON report's "initial" / "onUse" / "lazy" give it.
SnapSet set_of(const pipeline::Analysis& a, const std::vector<scan::FileId>& ids, uint64_t third_party) {
  auto b = pipeline::breakdown(a, ids);
  SnapSet s;
  s.total = b.total;
  s.files = b.files;
  for (size_t t = 0; t < pipeline::kResourceTypes; ++t)
    if (b.count_by_type[t])
      s.by_type[pipeline::resource_type_name(static_cast<pipeline::ResourceType>(t))] = {b.by_type[t], b.count_by_type[t]};
  s.third_party = third_party;
  return s;
}

void sort_files(Snapshot& s) {
  std::sort(s.files.begin(), s.files.end(), [](auto& a, auto& b) { return a.path < b.path; });
}

SnapSet set_of(const json& j) {
  SnapSet s;
  if (!j.is_object()) return s;
  s.total = sizes_of(j);
  s.files = j.value("files", uint64_t{0});
  if (j.contains("byType") && j["byType"].is_object())
    for (auto& [type, v] : j["byType"].items()) s.by_type[type] = {sizes_of(v), v.value("count", uint64_t{0})};
  if (j.contains("thirdParty") && j["thirdParty"].is_array()) s.third_party = j["thirdParty"].size();
  return s;
}

}  // namespace

uint64_t pick(const pipeline::Sizes& s, int compression) {
  return compression == 0 ? s.raw : compression == 1 ? s.gzip : s.brotli;
}

bool counted_in_build(const SnapFile& f) { return f.kind != "sourcemap" && f.kind != "sidecar"; }

Snapshot snapshot_of(const pipeline::Analysis& a) {
  Snapshot s;
  for (const auto& f : a.files)
    s.files.push_back({f.path, scan::kind_name(f.kind), pipeline::resource_type_name(pipeline::resource_type_of(f.kind)),
                       a.facts[f.id].sizes});
  for (const auto& e : a.graph.entries)
    s.entries.push_back({a.files[e.file].path, set_of(a, e.initial, e.externals.size()), set_of(a, e.on_use, 0),
                         set_of(a, e.lazy, 0)});
  sort_files(s);
  return s;
}

Result<Snapshot> snapshot_from_json(const json& report, const std::string& name) {
  if (!report.is_object() || !report.contains("schema") || !report["schema"].is_string())
    return Error{name + ": expected a kiln JSON report (kiln analyze, budget or build --format json)"};
  std::string schema = report["schema"].get<std::string>();
  if (schema != "kiln.analyze/1" && schema != "kiln.budget/1" && schema != "kiln.build/1")
    return Error{name + ": schema: expected \"kiln.analyze/1\", \"kiln.budget/1\" or \"kiln.build/1\", got \"" +
                 schema + "\""};
  if (!report.contains("files") || !report["files"].is_array() || !report.contains("entries") ||
      !report["entries"].is_array())
    return Error{name + ": expected \"files\" and \"entries\" arrays"};
  Snapshot s;
  std::string at;  // the element being read, for the message
  try {
    for (size_t i = 0; i < report["files"].size(); ++i) {
      const json& f = report["files"][i];
      at = "files[" + std::to_string(i) + "]";
      s.files.push_back({f.at("path").get<std::string>(), f.value("kind", "other"), f.value("type", "other"), sizes_of(f)});
    }
    for (size_t i = 0; i < report["entries"].size(); ++i) {
      const json& e = report["entries"][i];
      at = "entries[" + std::to_string(i) + "]";
      // Reports from before fonts were "on use" have no "onUse": their fonts are in "initial".
      s.entries.push_back({e.at("path").get<std::string>(), set_of(e.value("initial", json())),
                           set_of(e.value("onUse", json())), set_of(e.value("lazy", json()))});
    }
  } catch (const json::exception& e) {
    std::string what = e.what();  // "[json.exception.type_error.302] type must be number, …"
    if (size_t close = what.find("] "); what.starts_with("[json.exception") && close != std::string::npos)
      what.erase(0, close + 2);
    return Error{name + ": " + at + ": " + what};
  }
  sort_files(s);
  return s;
}

Result<Snapshot> load_baseline(fs::Disk& disk, const std::string& path, bool& unreadable) {
  unreadable = false;
  auto text = disk.read_file(path);
  if (!text) {
    unreadable = true;
    return Error{path + ": " + text.error()};
  }
  auto j = parse_json_text(*text, path, false);
  if (!j) return Error{j.error()};
  return snapshot_from_json(*j, path);
}

}  // namespace kiln::budget
