#include "budget/evaluate.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "budget/hashed_names.h"
#include "core/glob.h"

namespace kiln::budget {

namespace {

using pipeline::Sizes;

int comp_index(Compression c) { return c == Compression::raw ? 0 : c == Compression::gzip ? 1 : 2; }

// The URL paths a page answers to: "/about/index.html" and "/about/".
std::vector<std::string> url_paths(const std::string& page) {
  std::string url = "/";
  url += page;
  std::vector<std::string> urls{url};
  const std::string_view index = "/index.html";
  if (page == "index.html") urls.push_back("/");
  else if (url.size() > index.size() && std::string_view(url).substr(url.size() - index.size()) == index)
    urls.push_back(url.substr(0, url.size() - index.size() + 1));
  return urls;
}

const SnapEntry* find_entry(const Snapshot& s, const std::string& path) {
  for (const auto& e : s.entries)
    if (e.path == path) return &e;
  return nullptr;
}

uint64_t measure_entry(const Rule& r, const SnapEntry& e) {
  int c = comp_index(r.compression);
  auto of_set = [&](const SnapSet& s) -> uint64_t {
    if (r.measure == Measure::count) {
      if (r.third_party) return s.third_party;
      if (r.type) {
        auto it = s.by_type.find(pipeline::resource_type_name(*r.type));
        return it == s.by_type.end() ? 0 : it->second.second;
      }
      return s.files + (r.format == Format::lighthouse ? s.third_party : 0);
    }
    if (r.type) {
      auto it = s.by_type.find(pipeline::resource_type_name(*r.type));
      return it == s.by_type.end() ? 0 : pick(it->second.first, c);
    }
    return pick(s.total, c);
  };
  switch (r.phase) {
    case Phase::initial: return of_set(e.initial);
    case Phase::on_use: return of_set(e.on_use);
    case Phase::page_load: return of_set(e.initial) + of_set(e.on_use);
    case Phase::lazy: return of_set(e.lazy);
    case Phase::total: return of_set(e.initial) + of_set(e.on_use) + of_set(e.lazy);
  }
  return 0;
}

uint64_t measure_build(const Rule& r, const Snapshot& s) {
  uint64_t sum = 0;
  for (const auto& f : s.files)
    if (counted_in_build(f) && (!r.type || f.type == pipeline::resource_type_name(*r.type)))
      sum += r.measure == Measure::count ? 1 : pick(f.sizes, comp_index(r.compression));
  return sum;
}

// A file-glob rule's matcher over paths in DIR.
struct FileMatcher {
  std::vector<Glob> include, exclude;
  std::string prefix;  // "@/<dir_from_config>/"
  explicit FileMatcher(const Rule& r) {
    // globby runs from the config's folder: a pattern is anchored there ("*.js" is top-level
    // only), unlike kiln's own globs where "*.js" means any folder. "@/" anchors it.
    std::string anchor = r.anchored ? "@/" : "";
    prefix = anchor + (r.dir_from_config.empty() ? "" : r.dir_from_config + "/");
    for (auto g : r.globs) {
      bool negated = !g.empty() && g[0] == '!';
      if (negated) g.erase(0, 1);
      if (g.rfind("./", 0) == 0) g.erase(0, 2);
      (negated ? exclude : include).emplace_back(anchor + g);
    }
  }
  bool matches(const std::string& path) const {
    std::string p = prefix + path;
    bool in = std::any_of(include.begin(), include.end(), [&](const Glob& g) { return g.matches(p); });
    return in && std::none_of(exclude.begin(), exclude.end(), [&](const Glob& g) { return g.matches(p); });
  }
  // The path as the config's tool names it: relative to the config's folder.
  std::string shown(const std::string& path) const { return prefix.substr(prefix.rfind('@') == 0 ? 2 : 0) + path; }
};

std::vector<const SnapFile*> matched(const FileMatcher& m, const Snapshot& s) {
  std::vector<const SnapFile*> out;
  for (const auto& f : s.files)
    if (counted_in_build(f) && m.matches(f.path)) out.push_back(&f);
  return out;
}

std::optional<uint64_t> resolve(const std::optional<Limit>& l, std::optional<uint64_t> before) {
  if (!l) return std::nullopt;
  switch (l->kind) {
    case Limit::Kind::absolute: return l->bytes;
    case Limit::Kind::plus:
      if (!before) return std::nullopt;
      return *before + l->bytes;
    case Limit::Kind::percent:
      if (!before) return std::nullopt;
      return static_cast<uint64_t>(std::floor(double(*before) * (1.0 + l->percent / 100.0)));
  }
  return std::nullopt;
}

void decide(Check& c, const Rule& r, bool have_baseline) {
  c.limit = resolve(r.error, c.before);
  c.warning_limit = resolve(r.warning, c.before);
  bool error_unresolved = r.error && !c.limit, warning_unresolved = r.warning && !c.warning_limit;
  std::string why = have_baseline ? "not in the baseline" : "no baseline";
  if (!r.error && !r.warning) {
    c.status = Status::skip;
    c.reason = "skipped: no limit set";
    return;
  }
  if (!c.limit && !c.warning_limit) {
    c.status = Status::skip;
    c.reason = "skipped: " + why + " for a relative limit";
    return;
  }
  if (c.limit && *c.actual > *c.limit) {
    c.status = Status::fail;
  } else if (c.warning_limit && *c.actual > *c.warning_limit) {
    c.status = Status::warn;
  } else {
    c.status = Status::pass;
  }
  if (error_unresolved) c.reason = "error limit skipped: " + why;
  if (warning_unresolved) c.reason = "warning limit skipped: " + why;
}

}  // namespace

bool lighthouse_path_matches(const std::string& url, const std::string& pattern) {
  size_t star = pattern.find('*');
  bool dollar = !pattern.empty() && pattern.back() == '$';
  auto starts = [&](const std::string& p) { return url.compare(0, p.size(), p) == 0; };
  if (star == std::string::npos && !dollar) return starts(pattern);
  if (star == std::string::npos) return url == pattern.substr(0, pattern.size() - 1);
  std::string before = pattern.substr(0, star), after = pattern.substr(star + 1);
  if (!starts(before)) return false;
  std::string rest = url.substr(before.size());
  if (!dollar) return rest.find(after) != std::string::npos;
  after.pop_back();
  return rest.size() >= after.size() && rest.compare(rest.size() - after.size(), after.size(), after) == 0;
}

std::vector<Check> evaluate(const std::vector<Rule>& rules, const Snapshot& now, const Snapshot* base) {
  std::vector<Check> out;
  // Lighthouse: the last budget of a file whose path matches a page is the one that applies.
  std::map<std::pair<std::string, std::string>, int> winner;  // (source, page) -> group
  for (const auto& r : rules)
    if (r.lighthouse_path)
      for (const auto& e : now.entries)
        for (const auto& url : url_paths(e.path))
          if (lighthouse_path_matches(url, r.entry_pattern)) {
            int& w = winner.try_emplace({r.source, e.path}, -1).first->second;
            w = std::max(w, r.group);
          }

  for (const auto& r : rules) {
    Check c;
    c.rule = &r;
    if (!r.unsupported.empty()) {
      c.name = r.lighthouse_path ? r.entry_pattern + " " + r.name : r.name.empty() ? r.json_path : r.name;
      c.status = Status::skip;
      c.reason = r.unsupported;
      out.push_back(c);
      continue;
    }
    if (r.scope == Scope::entry) {
      size_t before_count = out.size();
      // Entry paths are from DIR's root: "index.html" is the home page, not every index.html.
      Glob glob("@/" + (r.entry_pattern.rfind("./", 0) == 0 ? r.entry_pattern.substr(2) : r.entry_pattern));
      for (const auto& e : now.entries) {
        bool applies = r.lighthouse_path ? [&] {
          auto it = winner.find({r.source, e.path});
          return it != winner.end() && it->second == r.group;
        }()
                                         : glob.matches("@/" + e.path);
        if (!applies) continue;
        Check pc = c;
        pc.name = e.path + " " + r.name;
        pc.actual = measure_entry(r, e);
        if (base)
          if (const auto* be = find_entry(*base, e.path)) pc.before = measure_entry(r, *be);
        decide(pc, r, base != nullptr);
        out.push_back(pc);
      }
      if (out.size() == before_count) {
        c.name = r.entry_pattern + " " + r.name;
        c.status = Status::skip;
        c.reason = r.lighthouse_path ? "skipped: no page uses this budget (path matches none, or a later budget wins)"
                                     : "skipped: no entry page matches '" + r.entry_pattern + "'";
        out.push_back(c);
      }
      continue;
    }
    if (r.scope == Scope::build) {
      c.name = r.name;
      c.actual = measure_build(r, now);
      if (base) c.before = measure_build(r, *base);
      decide(c, r, base != nullptr);
      out.push_back(c);
      continue;
    }
    FileMatcher m(r);
    auto files = matched(m, now);
    std::vector<const SnapFile*> base_files;
    if (base) base_files = matched(m, *base);
    int ci = comp_index(r.compression);
    if (files.empty()) {
      c.name = r.name.empty() ? r.globs.front() : r.name;
      c.status = Status::fail;
      c.reason = "no file matches";
      c.limit = resolve(r.error, std::nullopt);
      out.push_back(c);
      continue;
    }
    if (r.each) {
      std::vector<NamedSize> b, a;
      for (auto* f : base_files) b.push_back({f->path, f->sizes.raw});
      for (auto* f : files) a.push_back({f->path, f->sizes.raw});
      auto match = match_files(b, a);
      std::map<size_t, size_t> before_of;
      for (auto [bi, ai] : match.pairs) before_of[ai] = bi;
      for (size_t i = 0; i < files.size(); ++i) {
        Check fc = c;
        fc.name = m.shown(files[i]->path);
        fc.actual = pick(files[i]->sizes, ci);
        if (auto it = before_of.find(i); it != before_of.end()) fc.before = pick(base_files[it->second]->sizes, ci);
        decide(fc, r, base != nullptr);
        out.push_back(fc);
      }
      continue;
    }
    std::string names;
    uint64_t sum = 0;
    for (auto* f : files) {
      sum += pick(f->sizes, ci);
      names += (names.empty() ? "" : ", ") + m.shown(f->path);
    }
    c.name = r.name.empty() ? names : r.name;
    c.actual = sum;
    if (base && !base_files.empty()) {
      uint64_t b = 0;
      for (auto* f : base_files) b += pick(f->sizes, ci);
      c.before = b;
    }
    decide(c, r, base != nullptr);
    out.push_back(c);
  }
  return out;
}

Comparison compare(const Snapshot& before, const Snapshot& after) {
  Comparison cmp;
  auto add_entries = [&](const SnapEntry* b, const SnapEntry* a, const std::string& path) {
    DiffRow initial{path + " initial", {}, {}}, total{path + " total", {}, {}};
    auto sum = [](const SnapEntry& e) {
      Sizes s = e.initial.total;
      s += e.on_use.total;
      s += e.lazy.total;
      return s;
    };
    if (b) initial.before = b->initial.total, total.before = sum(*b);
    if (a) initial.after = a->initial.total, total.after = sum(*a);
    cmp.entries.push_back(initial);
    cmp.entries.push_back(total);
  };
  for (const auto& a : after.entries) add_entries(find_entry(before, a.path), &a, a.path);
  for (const auto& b : before.entries)
    if (!find_entry(after, b.path)) add_entries(&b, nullptr, b.path);

  std::map<std::string, std::pair<std::optional<Sizes>, std::optional<Sizes>>> types;
  for (const auto& f : before.files)
    if (counted_in_build(f)) {
      auto& slot = types[f.type].first;
      if (!slot) slot = Sizes{};
      *slot += f.sizes;
    }
  for (const auto& f : after.files)
    if (counted_in_build(f)) {
      auto& slot = types[f.type].second;
      if (!slot) slot = Sizes{};
      *slot += f.sizes;
    }
  for (auto& [type, v] : types) cmp.types.push_back({type, v.first, v.second});

  std::vector<NamedSize> b, a;
  std::vector<const SnapFile*> bf, af;
  for (const auto& f : before.files)
    if (counted_in_build(f)) b.push_back({f.path, f.sizes.raw}), bf.push_back(&f);
  for (const auto& f : after.files)
    if (counted_in_build(f)) a.push_back({f.path, f.sizes.raw}), af.push_back(&f);
  auto match = match_files(b, a);
  for (auto [bi, ai] : match.pairs) {
    std::string name = bf[bi]->path == af[ai]->path ? af[ai]->path : bf[bi]->path + " → " + af[ai]->path;
    cmp.files.push_back({name, bf[bi]->sizes, af[ai]->sizes});
  }
  for (size_t ai : match.added) {
    cmp.files.push_back({af[ai]->path, std::nullopt, af[ai]->sizes});
    cmp.added.push_back(af[ai]->path);
  }
  for (size_t bi : match.removed) {
    cmp.files.push_back({bf[bi]->path, bf[bi]->sizes, std::nullopt});
    cmp.removed.push_back(bf[bi]->path);
  }
  return cmp;
}

}  // namespace kiln::budget
