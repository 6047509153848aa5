#include "graph/candidates.h"

#include <algorithm>
#include <map>
#include <string>

namespace kiln::graph {

using parse::RefKind;

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The names inside "name(a,b)" hints, for one hint name.
std::vector<std::vector<std::string_view>> hint_lists(std::string_view hints, std::string_view name) {
  std::vector<std::vector<std::string_view>> out;
  size_t at = 0;
  while ((at = hints.find(name, at)) != std::string_view::npos) {
    size_t open = at + name.size();
    size_t close = hints.find(')', open);
    if (open >= hints.size() || hints[open] != '(' || close == std::string_view::npos) break;
    std::vector<std::string_view> items;
    std::string_view body = hints.substr(open + 1, close - open - 1);
    for (size_t b = 0; b <= body.size();) {
      size_t comma = body.find(',', b);
      if (comma == std::string_view::npos) comma = body.size();
      if (comma > b) items.push_back(body.substr(b, comma - b));
      b = comma + 1;
    }
    out.push_back(std::move(items));
    at = close;
  }
  return out;
}

// The density a candidate gives at slot width `slot` (CSS px): w / slot, x, or 1.
double density(const parse::Reference& r, double slot) {
  if (r.descriptor_w) return slot > 0 ? r.descriptor_w / slot : r.descriptor_w;
  return r.descriptor_x > 0 ? r.descriptor_x : 1;
}

// Among one <source>'s or <img>'s candidates, the one the browser picks: the smallest density
// at least the device pixel ratio, else the densest. The <img src> counts as 1x only when the
// srcset has no width descriptors and no 1x candidate (HTML's "update the source set").
std::optional<size_t> pick_density(const std::vector<parse::Reference>& refs, const std::vector<size_t>& option,
                                   const Viewport& v) {
  std::vector<size_t> set;
  bool widths = false, one_x = false;
  for (size_t i : option)
    if (refs[i].kind == RefKind::html_srcset) {
      set.push_back(i);
      widths = widths || refs[i].descriptor_w;
      one_x = one_x || (!refs[i].descriptor_w && density(refs[i], 0) == 1);
    }
  for (size_t i : option)
    if (refs[i].kind != RefKind::html_srcset && !widths && !one_x) set.push_back(i);
  if (set.empty()) return std::nullopt;
  double slot = slot_width(refs[set.front()].sizes, v);
  std::optional<size_t> best, densest;
  for (size_t i : set) {
    double d = density(refs[i], slot);
    if (d >= v.dpr && (!best || d < density(refs[*best], slot))) best = i;
    if (!densest || d > density(refs[*densest], slot)) densest = i;
  }
  return best ? best : densest;
}

// The load of a group's chosen image: as its <img> (loading=lazy) or its <link rel> says.
Load image_load(const std::vector<parse::Reference>& refs, const std::vector<size_t>& members) {
  for (size_t i : members)
    if (!refs[i].rel.empty() || refs[i].kind == RefKind::html_link) {
      parse::Reference link;
      link.kind = RefKind::html_link;
      link.rel = refs[i].rel;
      return load_of(link);
    }
  for (size_t i : members)
    if (refs[i].lazy) return Load::lazy;
  return Load::initial;
}

GroupChoice choose_image(const std::vector<parse::Reference>& refs, const std::vector<size_t>& members,
                         const Viewport& v) {
  GroupChoice c;
  c.load = image_load(refs, members);
  std::map<uint32_t, std::vector<size_t>> options;
  for (size_t i : members) options[refs[i].option].push_back(i);
  for (const auto& item : options) {
    const auto& option = item.second;
    const auto& first = refs[option.front()];
    // A <picture>'s <source>: its type must be one the browser decodes and its media must
    // match; the <img> (or <link>) takes what is left.
    if (first.tag == "source" && (!image_type_supported(first.type) || !media_matches(first.media, v))) continue;
    c.chosen = pick_density(refs, option, v);
    if (c.chosen) break;
  }
  return c;
}

GroupChoice choose_font(const std::vector<parse::Reference>& refs, const std::vector<size_t>& members) {
  GroupChoice c;
  c.font = true;
  c.load = Load::on_use;
  for (size_t i : members)  // in source order, so in option order
    if (refs[i].type != "overridden" && font_hints_supported(refs[i].type)) {
      c.chosen = i;
      break;
    }
  return c;
}

}  // namespace

bool image_type_supported(std::string_view type) {
  type = trim(type.substr(0, type.find(';')));
  static constexpr std::string_view kTypes[] = {"",          "image/avif", "image/webp",    "image/jpeg",
                                                "image/jpg", "image/png",  "image/apng",    "image/gif",
                                                "image/bmp", "image/x-icon", "image/svg+xml", "image/vnd.microsoft.icon"};
  return std::find(std::begin(kTypes), std::end(kTypes), type) != std::end(kTypes);
}

bool font_hints_supported(std::string_view hints) {
  static constexpr std::string_view kFormats[] = {"woff2",           "woff",           "truetype",
                                                  "opentype",        "woff2-variations", "woff-variations",
                                                  "truetype-variations", "opentype-variations"};
  static constexpr std::string_view kTechs[] = {"features-opentype", "variations", "color-colrv0", "color-colrv1",
                                                "palettes"};
  auto known = [](auto& list, std::string_view item) {
    return std::find(std::begin(list), std::end(list), item) != std::end(list);
  };
  // format(a, b): one of them will do; tech(a, b): every one is needed.
  for (const auto& formats : hint_lists(hints, "format"))
    if (std::none_of(formats.begin(), formats.end(), [&](auto f) { return known(kFormats, f); })) return false;
  for (const auto& techs : hint_lists(hints, "tech"))
    if (!std::all_of(techs.begin(), techs.end(), [&](auto t) { return known(kTechs, t); })) return false;
  return true;
}

CandidateLoads candidate_loads(const std::vector<parse::Reference>& refs, const Viewport& v) {
  CandidateLoads out;
  out.loads.reserve(refs.size());
  std::map<uint32_t, std::vector<size_t>> groups;
  for (size_t i = 0; i < refs.size(); ++i) {
    out.loads.push_back(load_of(refs[i]));
    if (refs[i].group && refs[i].known) groups[refs[i].group].push_back(i);
  }
  for (const auto& item : groups) {
    const auto& members = item.second;
    bool font = refs[members.front()].kind == RefKind::css_url;
    GroupChoice c = font ? choose_font(refs, members) : choose_image(refs, members, v);
    c.group = item.first;
    for (size_t i : members) {
      if (c.chosen == i) {
        out.loads[i] = c.load;
      } else {
        out.loads[i] = Load::alternate;
        c.others.push_back(i);
      }
    }
    out.groups.push_back(std::move(c));
  }
  return out;
}

}  // namespace kiln::graph
