// The single-file budget formats: size-limit (`.size-limit.json`, package.json#size-limit)
// and bundlesize / bundlewatch (package.json#bundlesize, bundlesize.config.json,
// .bundlewatch.config.json, package.json#bundlewatch). Their paths are globs relative to the
// config's folder (globby / glob, run from there), so rules keep that folder's view of DIR.
// Options that need a bundler or a browser are kept as unsupported rules, never dropped:
// a check nobody ran must not look like a check that passed.
#include <nlohmann/json.hpp>

#include "budget/config.h"
#include "budget/config_json.h"
#include "budget/size_units.h"

namespace kiln::budget {

namespace {

using nlohmann::json;

Rule file_rule(const Source& src, const std::string& path, Format format) {
  Rule r;
  r.source = src.display;
  r.json_path = qualified(src, path);  // "bundlesize[1]", "bundlewatch.files[0]" in package.json
  r.format = format;
  r.scope = Scope::files;
  r.anchored = true;
  r.dir_from_config = relative_to(src.root, src.config_dir);
  return r;
}

void read_path(const json& j, const Source& src, const std::string& path, Rule& r) {
  if (j.is_string()) {
    r.globs.push_back(j.get<std::string>());
    return;
  }
  if (!j.is_array() || j.empty()) bad(src, path, "a path glob or an array of globs", j);
  for (size_t i = 0; i < j.size(); ++i) {
    if (!j[i].is_string()) bad(src, json_index(path, i), "a path glob", j[i]);
    r.globs.push_back(j[i].get<std::string>());
  }
}

// size-limit's options that need a plugin kiln does not replace (bundlers, a browser).
const char* unsupported_size_limit_option(const std::string& key, const json& v) {
  if (key == "import") return "'import' needs a bundler to tree-shake";
  if (key == "entry" || key == "config" || key == "modifyWebpackConfig" || key == "modifyEsbuildConfig" ||
      key == "ignore" || key == "disableModuleConcatenation" || key == "module" || key == "uiReports")
    return "this option needs size-limit's bundler plugin";
  if ((key == "webpack" || key == "esbuild") && v != false) return "bundling with webpack/esbuild is not done from a built folder";
  if (key == "running" && v != false) return "'running' time needs a browser";
  if (key == "time") return "time limits need a browser";
  if (key == "zstd" && v == true) return "zstd sizes are not measured";
  return nullptr;
}

}  // namespace

void read_size_limit(const json& j, const Source& src, std::vector<Rule>& out) {
  if (!j.is_array() || j.empty()) bad(src, "", "a non-empty array of checks", j);
  for (size_t i = 0; i < j.size(); ++i) each_entry(src, [&] {
    const auto& c = j[i];
    std::string cp = json_index("", i);
    if (!c.is_object()) bad(src, cp, "a check object such as {\"path\": \"dist/index.js\", \"limit\": \"10 kB\"}", c);
    Rule r = file_rule(src, cp, Format::size_limit);
    check_keys(c, src, cp,
               {"name", "path", "limit", "gzip", "brotli", "zstd", "hidePassed", "highlightLess", "import", "entry",
                "config", "modifyWebpackConfig", "modifyEsbuildConfig", "ignore", "disableModuleConcatenation",
                "module", "uiReports", "webpack", "esbuild", "running", "time", "message"},
               "size-limit option");
    for (auto& [k, v] : c.items()) {
      if (const char* why = unsupported_size_limit_option(k, v); why && r.unsupported.empty())
        r.unsupported = std::string("unsupported: ") + why;
    }
    if (c.contains("name")) {
      if (!c["name"].is_string()) bad(src, json_key(cp, "name"), "a string", c["name"]);
      r.name = c["name"].get<std::string>();
    }
    for (const char* flag : {"gzip", "brotli", "zstd"})
      if (c.contains(flag) && !c[flag].is_boolean()) bad(src, json_key(cp, flag), "true or false", c[flag]);
    // size-limit's file plugin: gzip when gzip: true, raw when brotli: false, else brotli.
    r.compression = c.value("gzip", false)           ? Compression::gzip
                    : c.value("brotli", true) == false ? Compression::raw
                                                       : Compression::brotli;
    if (c.contains("path")) read_path(c["path"], src, json_key(cp, "path"), r);
    else if (r.unsupported.empty()) r.unsupported = "unsupported: no 'path' (size-limit would bundle package.json's main)";
    if (c.contains("limit")) {
      const auto& l = c["limit"];
      std::string lp = json_key(cp, "limit");
      if (l.is_number_unsigned()) {
        r.error = Limit{Limit::Kind::absolute, l.get<uint64_t>(), 0, l.dump()};
      } else if (l.is_string()) {
        std::string text = l.get<std::string>();
        // size-limit reads a limit with an "s" anywhere in it ("500 ms", "1 s") as a time
        // limit (its /ms/i and /s/i tests), checked with a browser.
        bool time = text.find_first_of("sS") != std::string::npos;
        if (time) {
          if (r.unsupported.empty()) r.unsupported = "unsupported: time limits need a browser";
        } else {
          auto bytes = parse_size_limit_bytes(text);
          if (!bytes) bad(src, lp, "a size such as \"10 kB\" (1000 bytes) or \"10 KiB\" (1024 bytes)", l);
          r.error = Limit{Limit::Kind::absolute, *bytes, 0, text};
        }
      } else {
        bad(src, lp, "a size such as \"10 kB\"", l);
      }
    }
    out.push_back(std::move(r));
  });
}

void read_bundlesize(const json& j, const Source& src, std::vector<Rule>& out) {
  const json* files = &j;
  std::string base;
  Compression fallback = Compression::gzip;
  if (j.is_object()) {
    // bundlewatch's config; ci and normalizeFilenames are about its service, not the sizes.
    check_keys(j, src, "", {"files", "defaultCompression", "normalizeFilenames", "ci", "bundlewatchServiceHost"},
               "bundlewatch key");
    if (!j.contains("files")) bad_message(src, "", "missing \"files\"");
    files = &j["files"];
    base = "files";
    if (j.contains("defaultCompression")) {
      const auto& d = j["defaultCompression"];
      if (d == "gzip") fallback = Compression::gzip;
      else if (d == "brotli") fallback = Compression::brotli;
      else if (d == "none") fallback = Compression::raw;
      else bad(src, "defaultCompression", "\"gzip\", \"brotli\" or \"none\"", d);
    }
  }
  if (!files->is_array()) bad(src, base, "an array of {\"path\", \"maxSize\"}", *files);
  for (size_t i = 0; i < files->size(); ++i) each_entry(src, [&] {
    const auto& f = (*files)[i];
    std::string fp = json_index(base, i);
    if (!f.is_object()) bad(src, fp, "an object such as {\"path\": \"dist/*.js\", \"maxSize\": \"10 kB\"}", f);
    check_keys(f, src, fp, {"path", "maxSize", "compression"},
               src.format == Format::bundlewatch ? "bundlewatch key" : "bundlesize key");
    Rule r = file_rule(src, fp, src.format);
    r.each = true;
    if (!f.contains("path") || !f["path"].is_string()) bad(src, json_key(fp, "path"), "a path glob", f.value("path", json()));
    r.globs.push_back(f["path"].get<std::string>());
    r.name = r.globs.front();
    r.compression = fallback;
    if (f.contains("compression")) {
      const auto& c = f["compression"];
      if (c == "gzip") r.compression = Compression::gzip;
      else if (c == "brotli") r.compression = Compression::brotli;
      else if (c == "none") r.compression = Compression::raw;
      else bad(src, json_key(fp, "compression"), "\"gzip\", \"brotli\" or \"none\"", c);
    }
    if (f.contains("maxSize")) {
      const auto& m = f["maxSize"];
      std::string mp = json_key(fp, "maxSize");
      if (m.is_number_unsigned()) {
        r.error = Limit{Limit::Kind::absolute, m.get<uint64_t>(), 0, m.dump()};
      } else if (m.is_string()) {
        auto bytes = parse_npm_bytes(m.get<std::string>());
        if (!bytes) bad(src, mp, "a size such as \"10 kB\" (10240 bytes: the bytes package counts kB as 1024)", m);
        r.error = Limit{Limit::Kind::absolute, *bytes, 0, m.get<std::string>()};
      } else {
        bad(src, mp, "a size such as \"10 kB\"", m);
      }
    }
    out.push_back(std::move(r));
  });
}

}  // namespace kiln::budget
