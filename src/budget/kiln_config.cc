// kiln's own budgets: the "budget" section of kiln.json. Every limit may be a size
// ("170 kB", 1024), a growth over the baseline ("+5%", "+10 kB") or both levels
// {"error": …, "warning": …}; see reports/budget-formats.md for a complete example.
#include <nlohmann/json.hpp>
#include <tuple>

#include "budget/config.h"
#include "budget/config_json.h"
#include "budget/size_units.h"

namespace kiln::budget {

namespace {

using nlohmann::json;

Compression read_compression(const json& j, const Source& src, const std::string& path, Compression fallback) {
  if (j.is_null()) return fallback;
  if (j == "brotli" || j == "br") return Compression::brotli;
  if (j == "gzip" || j == "gz") return Compression::gzip;
  if (j == "raw" || j == "none") return Compression::raw;
  bad(src, path, "\"brotli\", \"gzip\" or \"raw\"", j);
}

Limit read_limit(const json& j, const Source& src, const std::string& path) {
  if (j.is_number_unsigned()) return Limit{Limit::Kind::absolute, j.get<uint64_t>(), 0, j.dump()};
  if (!j.is_string()) bad(src, path, "a size such as \"170 kB\" or a growth such as \"+5%\"", j);
  auto l = parse_kiln_limit(j.get<std::string>());
  if (!l) bad(src, path, "a size such as \"170 kB\", \"1.5 MB\", \"2 KiB\" or a growth such as \"+5%\"", j);
  return *l;
}

// A limit value: one limit (error level) or {"error": …, "warning": …}.
void read_levels(const json& j, const Source& src, const std::string& path, Rule& rule) {
  if (j.is_object()) {
    check_keys(j, src, path, {"error", "warning"});
    if (j.contains("error")) rule.error = read_limit(j["error"], src, json_key(path, "error"));
    if (j.contains("warning")) rule.warning = read_limit(j["warning"], src, json_key(path, "warning"));
    if (!rule.error && !rule.warning) bad(src, path, "\"error\" and/or \"warning\" limits", j);
    return;
  }
  rule.error = read_limit(j, src, path);
}

std::optional<pipeline::ResourceType> read_type(const std::string& name) {
  for (size_t t = 0; t < pipeline::kResourceTypes; ++t) {
    auto type = static_cast<pipeline::ResourceType>(t);
    if (name == pipeline::resource_type_name(type)) return type;
  }
  return std::nullopt;
}

std::vector<std::string> read_globs(const json& j, const Source& src, const std::string& path) {
  std::vector<std::string> globs;
  if (j.is_string()) globs.push_back(j.get<std::string>());
  else if (j.is_array() && !j.empty()) {
    for (size_t i = 0; i < j.size(); ++i) {
      if (!j[i].is_string()) bad(src, json_index(path, i), "a glob string", j[i]);
      globs.push_back(j[i].get<std::string>());
    }
  } else {
    bad(src, path, "a glob or an array of globs", j);
  }
  return globs;
}

}  // namespace

void read_kiln_budget(const json& j, const Source& src, std::vector<Rule>& out) {
  const std::string root = "budget";
  if (!j.is_object()) bad(src, root, "an object with \"entries\", \"types\" and/or \"files\"", j);
  check_keys(j, src, root, {"compression", "entries", "types", "files"});
  Compression base = read_compression(j.value("compression", json()), src, json_key(root, "compression"),
                                      Compression::brotli);
  auto make = [&](const std::string& path) {
    Rule r;
    r.source = src.display;
    r.json_path = path;
    r.format = Format::kiln;
    r.compression = base;
    return r;
  };

  if (j.contains("entries")) {
    const auto& entries = j["entries"];
    std::string path = json_key(root, "entries");
    if (!entries.is_array()) bad(src, path, "an array of entry budgets", entries);
    for (size_t i = 0; i < entries.size(); ++i) each_entry(src, [&] {
      const auto& e = entries[i];
      std::string ep = json_index(path, i);
      if (!e.is_object()) bad(src, ep, "an object such as {\"path\": \"index.html\", \"initial\": \"170 kB\"}", e);
      check_keys(e, src, ep, {"path", "compression", "initial", "onUse", "lazy", "total", "types"});
      std::string pattern = "**/*.html";
      if (e.contains("path")) {
        if (!e["path"].is_string()) bad(src, json_key(ep, "path"), "a glob over entry pages such as \"index.html\"", e["path"]);
        pattern = e["path"].get<std::string>();
      }
      Compression c = read_compression(e.value("compression", json()), src, json_key(ep, "compression"), base);
      auto entry_rule = [&](const std::string& key) {
        Rule r = make(json_key(ep, key));
        r.scope = Scope::entry;
        r.entry_pattern = pattern;
        r.compression = c;
        return r;
      };
      for (auto [key, phase, name] : {std::tuple{"initial", Phase::initial, "initial"}, {"onUse", Phase::on_use, "on use"},
                                      {"lazy", Phase::lazy, "lazy"}, {"total", Phase::total, "total"}}) {
        if (!e.contains(key)) continue;
        Rule r = entry_rule(key);
        r.phase = phase;
        r.name = name;
        read_levels(e[key], src, r.json_path, r);
        out.push_back(std::move(r));
      }
      if (e.contains("types")) {
        const auto& types = e["types"];
        std::string tp = json_key(ep, "types");
        if (!types.is_object()) bad(src, tp, "an object of resource type -> limit", types);
        for (auto& [name, limit] : types.items()) {
          auto type = read_type(name);
          if (!type) bad_message(src, json_key(tp, name), "unknown resource type (use document, script, stylesheet, image, font, media or other)");
          Rule r = entry_rule("types." + name);
          r.type = type;
          // Fonts load on use: a font limit is on what loading the page fetches, preloaded or not.
          r.phase = *type == pipeline::ResourceType::font ? Phase::page_load : Phase::initial;
          r.name = (*type == pipeline::ResourceType::font ? "initial + on use " : "initial ") + name;
          read_levels(limit, src, r.json_path, r);
          out.push_back(std::move(r));
        }
      }
    });
  }

  if (j.contains("types")) {
    const auto& types = j["types"];
    std::string tp = json_key(root, "types");
    if (!types.is_object()) bad(src, tp, "an object of resource type -> limit", types);
    for (auto& item : types.items()) each_entry(src, [&] {
      const std::string& name = item.key();
      const auto& limit = item.value();
      auto type = read_type(name);
      if (!type) bad_message(src, json_key(tp, name), "unknown resource type (use document, script, stylesheet, image, font, media or other)");
      Rule r = make(json_key(tp, name));
      r.scope = Scope::build;
      r.type = type;
      r.name = "all " + name;
      read_levels(limit, src, r.json_path, r);
      out.push_back(std::move(r));
    });
  }

  if (j.contains("files")) {
    const auto& files = j["files"];
    std::string path = json_key(root, "files");
    if (!files.is_array()) bad(src, path, "an array of file budgets", files);
    for (size_t i = 0; i < files.size(); ++i) each_entry(src, [&] {
      const auto& f = files[i];
      std::string fp = json_index(path, i);
      if (!f.is_object()) bad(src, fp, "an object such as {\"path\": \"assets/*.js\", \"limit\": \"50 kB\"}", f);
      check_keys(f, src, fp, {"path", "limit", "compression", "each", "name"});
      if (!f.contains("path")) bad_message(src, fp, "missing \"path\"");
      if (!f.contains("limit")) bad_message(src, fp, "missing \"limit\"");
      Rule r = make(fp);
      r.scope = Scope::files;
      r.globs = read_globs(f["path"], src, json_key(fp, "path"));
      r.compression = read_compression(f.value("compression", json()), src, json_key(fp, "compression"), base);
      if (f.contains("each") && !f["each"].is_boolean()) bad(src, json_key(fp, "each"), "true or false", f["each"]);
      r.each = f.value("each", false);
      if (f.contains("name") && !f["name"].is_string()) bad(src, json_key(fp, "name"), "a string", f["name"]);
      std::string joined;
      for (const auto& g : r.globs) joined += (joined.empty() ? "" : ", ") + g;
      r.name = f.value("name", joined);
      read_levels(f["limit"], src, json_key(fp, "limit"), r);
      out.push_back(std::move(r));
    });
  }
}

}  // namespace kiln::budget
