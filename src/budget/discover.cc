// Finding and reading budget files. Discovery walks from DIR up to the first folder with a
// package.json or .git (the project root, where these tools keep their configs); --budget
// FILE (repeatable) skips discovery and names the files, whose format is told from the name
// and, failing that, from the shape of the JSON.
#include <filesystem>
#include <nlohmann/json.hpp>

#include "budget/config.h"
#include "budget/config_json.h"
#include "core/json_reader.h"

namespace kiln::budget {

namespace {

using nlohmann::json;

std::string base_name(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

struct Loader {
  fs::Disk& disk;
  std::string root, cwd;
  Budgets out;
  std::vector<std::string> errors;  // every bad entry of every file read (Source::errors)

  std::string display(const std::string& abs) const {
    std::string rel = relative_to(abs, cwd);
    if (rel.empty()) return ".";
    if (rel.rfind("..", 0) == 0) return abs;
    return rel;
  }

  bool is_file(const std::string& abs) {
    auto st = disk.stat(abs);
    return st && st->type == fs::EntryType::file;
  }

  Source source(const std::string& abs, Format format, std::string key = "") {
    Source s;
    s.errors = &errors;
    s.display = display(abs);
    s.config_dir = std::filesystem::path(abs).parent_path().string();
    s.root = root;
    s.key = std::move(key);
    s.format = format;
    return s;
  }

  // kiln's own config may carry comments (kiln init writes some), whatever its name when it
  // comes from -c; the other formats are plain JSON.
  json read_json(const std::string& abs, bool kiln_config = false) {
    bool comments = kiln_config || std::filesystem::path(abs).filename() == "kiln.json";
    auto text = disk.read_file(abs);
    if (!text) throw ConfigError{display(abs) + ": " + text.error(), true};
    auto j = parse_json_text(*text, display(abs), comments);
    if (!j) throw ConfigError{j.error(), false};
    return std::move(*j);
  }

  void add(const json& j, const Source& src) {
    switch (src.format) {
      case Format::kiln: read_kiln_budget(j, src, out.rules); break;
      case Format::lighthouse: read_lighthouse(j, src, out.rules); break;
      case Format::size_limit: read_size_limit(j, src, out.rules); break;
      case Format::bundlesize:
      case Format::bundlewatch: read_bundlesize(j, src, out.rules); break;
    }
    out.sources.push_back(src);
  }

  // package.json: each budget key it has. Returns whether it had one.
  bool add_package(const std::string& abs, const json& pkg) {
    bool any = false;
    if (!pkg.is_object()) return false;
    for (auto [key, format] : {std::pair{"size-limit", Format::size_limit}, {"bundlesize", Format::bundlesize},
                               {"bundlewatch", Format::bundlewatch}}) {
      if (!pkg.contains(key)) continue;
      add(pkg[key], source(abs, format, key));
      any = true;
    }
    return any;
  }

  void add_javascript(const std::string& abs) {
    Source src = source(abs, Format::size_limit);
    Rule r;
    r.name = base_name(abs);
    r.source = src.display;
    r.format = src.format;
    r.unsupported = "unsupported: " + base_name(abs) +
                    " is JavaScript, which kiln does not run; move the checks to .size-limit.json";
    out.rules.push_back(std::move(r));
    out.sources.push_back(src);
  }

  // --budget FILE: the format from the name, else from the JSON's shape.
  void add_named(const std::string& given) {
    std::string abs = absolute_normal(given);
    std::string name = base_name(abs);
    for (const char* ext : {".js", ".cjs", ".mjs", ".ts"})
      if (ends_with(name, ext))
        throw ConfigError{display(abs) + ": a JavaScript config, which kiln does not run; give it as JSON "
                                         "(.size-limit.json, budget.json, .bundlewatch.config.json)",
                          false};
    json j = read_json(abs);
    Source src = source(abs, Format::kiln);
    if (name == "package.json") {
      if (!add_package(abs, j))
        throw ConfigError{src.display + ": expected a \"size-limit\", \"bundlesize\" or \"bundlewatch\" key", false};
      return;
    }
    auto array_of = [&](const char* key) {
      if (!j.is_array() || j.empty()) return false;
      for (const auto& e : j)
        if (!e.is_object() || !e.contains(key)) return false;
      return true;
    };
    if (name.find("size-limit") != std::string::npos) src.format = Format::size_limit;
    else if (name.find("bundlewatch") != std::string::npos) src.format = Format::bundlewatch;
    else if (name.find("bundlesize") != std::string::npos) src.format = Format::bundlesize;
    else if (j.is_object() && j.contains("budget")) src.format = Format::kiln;
    else if (j.is_array() && (array_of("resourceSizes") || array_of("resourceCounts") || array_of("timings") ||
                              name == "budget.json"))
      src.format = Format::lighthouse;
    else if (array_of("limit")) src.format = Format::size_limit;
    else if (array_of("maxSize")) src.format = Format::bundlesize;
    else if (j.is_object() && j.contains("files")) src.format = Format::bundlewatch;
    else
      throw ConfigError{src.display + ": cannot tell the budget format: expected kiln.json with a \"budget\" "
                                      "section, a Lighthouse budget array, a size-limit array or a "
                                      "bundlesize/bundlewatch config",
                        false};
    add(src.format == Format::kiln ? j["budget"] : j, src);
  }

  // The "budget" section of kiln.json at `abs`, already parsed.
  void add_kiln_budget(const std::string& abs, const std::optional<json>& budget) {
    if (budget) add(*budget, source(abs, Format::kiln));
  }

  void add_kiln_json(const std::string& abs) {
    json j = read_json(abs, /*kiln_config=*/true);
    if (j.is_object() && j.contains("budget")) add(j["budget"], source(abs, Format::kiln));
  }

  // Walks DIR and its parents up to the project root.
  void discover(bool with_kiln_json, std::vector<std::string>& looked) {
    std::string dir = root;
    bool kiln_found = !with_kiln_json;
    for (int depth = 0; depth < 64; ++depth) {
      looked.push_back(display(dir));
      auto at = [&](const char* name) { return (std::filesystem::path(dir) / name).string(); };
      if (!kiln_found && is_file(at("kiln.json"))) {
        kiln_found = true;
        add_kiln_json(at("kiln.json"));
      }
      if (is_file(at("budget.json"))) add(read_json(at("budget.json")), source(at("budget.json"), Format::lighthouse));
      if (is_file(at(".size-limit.json")))
        add(read_json(at(".size-limit.json")), source(at(".size-limit.json"), Format::size_limit));
      for (const char* js : {".size-limit.js", ".size-limit.cjs", ".size-limit.mjs", ".size-limit.ts"})
        if (is_file(at(js))) add_javascript(at(js));
      if (is_file(at("bundlesize.config.json")))
        add(read_json(at("bundlesize.config.json")), source(at("bundlesize.config.json"), Format::bundlesize));
      if (is_file(at(".bundlewatch.config.json")))
        add(read_json(at(".bundlewatch.config.json")), source(at(".bundlewatch.config.json"), Format::bundlewatch));
      bool project_root = false;
      if (is_file(at("package.json"))) {
        add_package(at("package.json"), read_json(at("package.json")));
        project_root = true;
      }
      auto git = disk.stat(at(".git"));
      if (git) project_root = true;
      std::string up = std::filesystem::path(dir).parent_path().string();
      if (project_root || up == dir || up.empty()) break;
      dir = up;
    }
  }
};

}  // namespace

std::string absolute_normal(const std::string& path) {
  std::string s = std::filesystem::absolute(path).lexically_normal().string();
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return s;
}

std::string relative_to(const std::string& path, const std::string& base) {
  std::string rel = std::filesystem::path(path).lexically_relative(base).string();
  if (rel == ".") return "";
  return rel;
}

LoadResult load_budgets(fs::Disk& disk, const BudgetOptions& options) {
  Loader l{disk, absolute_normal(options.dir), absolute_normal("."), {}, {}};
  LoadResult result;
  try {
    std::vector<std::string> looked;
    if (!options.kiln_config.empty()) {
      std::string abs = absolute_normal(options.kiln_config);
      if (options.kiln_budget) l.add_kiln_budget(abs, *options.kiln_budget);
      else l.add_kiln_json(abs);
    }
    if (!options.budgets.empty()) {
      for (const auto& b : options.budgets) l.add_named(b);
    } else {
      l.discover(options.kiln_config.empty(), looked);
      if (l.out.sources.empty() && !options.allow_none) {
        std::string where;
        for (const auto& d : looked) where += (where.empty() ? "" : ", ") + d;
        throw ConfigError{"no budgets found: looked for a \"budget\" section in kiln.json, budget.json, "
                          ".size-limit.json, bundlesize.config.json, .bundlewatch.config.json and package.json "
                          "\"size-limit\"/\"bundlesize\"/\"bundlewatch\" in " + where + "; or give --budget FILE",
                          false};
      }
    }
  } catch (const ConfigError& e) {
    result.error = e;
  } catch (const BadConfig& e) {
    l.errors.push_back(e.what());
  }
  if (!l.errors.empty() && (!result.error || !result.error->unreadable)) {
    std::string all;
    for (const auto& e : l.errors) all += (all.empty() ? "" : "\n") + e;
    if (result.error) all += "\n" + result.error->message;
    result.error = ConfigError{all, false};
  }
  result.budgets = std::move(l.out);
  return result;
}

void print_error(std::ostream& out, const ConfigError& e) {
  size_t start = 0;
  while (start <= e.message.size()) {
    size_t end = e.message.find('\n', start);
    if (end == std::string::npos) end = e.message.size();
    out << "kiln: error: " << e.message.substr(start, end - start) << '\n';
    start = end + 1;
  }
}

}  // namespace kiln::budget
