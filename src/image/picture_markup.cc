#include "image/picture_markup.h"

#include <algorithm>
#include <cctype>

#include "hash/edits.h"
#include "parse/parser.h"

namespace kiln::image {

PictureIndex picture_index(const ImagesResult& result) {
  PictureIndex index;
  for (const auto& img : result.images) {
    if (img.failed) continue;
    PictureInfo info{img.width, img.height, {}, {}};
    for (const auto& v : img.variants) {
      if (!is_kept(v.outcome)) continue;
      (v.format == Format::avif ? info.avif : info.webp).emplace_back(v.path, v.width);
    }
    auto by_width = [](const auto& a, const auto& b) { return a.second < b.second; };
    std::sort(info.webp.begin(), info.webp.end(), by_width);
    std::sort(info.avif.begin(), info.avif.end(), by_width);
    if (!info.webp.empty() || !info.avif.empty()) index.emplace(img.path, std::move(info));
  }
  return index;
}

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// [open, close] of the tag around `at`: '<' before it, the '>' that ends it (quotes honoured).
std::optional<std::pair<size_t, size_t>> tag_bounds(std::string_view html, size_t at) {
  size_t open = html.rfind('<', at);
  if (open == std::string_view::npos) return std::nullopt;
  char quote = 0;
  for (size_t i = open + 1; i < html.size(); ++i) {
    char c = html[i];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '>') {
      return std::make_pair(open, i);
    }
  }
  return std::nullopt;
}

bool has_attribute(const std::string& tag_lower, const char* name) {
  std::string needle = std::string(" ") + name;
  for (size_t at = tag_lower.find(needle); at != std::string::npos; at = tag_lower.find(needle, at + 1)) {
    size_t after = at + needle.size();
    if (after < tag_lower.size() && (tag_lower[after] == '=' || std::isspace(static_cast<unsigned char>(tag_lower[after])) ||
                                     tag_lower[after] == '>' || tag_lower[after] == '/'))
      return true;
  }
  return false;
}

}  // namespace

std::optional<std::string> rewrite_pictures(std::string_view html, const std::string& html_path,
                                            const parse::ParsedFile& parsed, const PictureIndex& index,
                                            const resolve::UrlResolver& resolver, uint32_t& rewritten) {
  std::string page_lower = lower(html);
  std::vector<hash::Edit> edits;
  for (const auto& ref : parsed.refs) {
    if (ref.kind != parse::RefKind::html_img || ref.tag != "img" || ref.attr != "src" || !ref.known) continue;
    auto target = resolver.resolve(html_path, ref.specifier, false);
    if (target.cls != resolve::UrlClass::local) continue;
    auto it = index.find(target.path);
    if (it == index.end()) continue;
    auto bounds = tag_bounds(html, ref.begin);
    if (!bounds || bounds->second < ref.end) continue;
    auto [open, close] = *bounds;
    size_t last_open = page_lower.rfind("<picture", open), last_close = page_lower.rfind("</picture", open);
    if (last_open != std::string::npos && (last_close == std::string::npos || last_close < last_open)) continue;
    std::string tag(html.substr(open, close - open + 1));
    std::string tag_lower = lower(tag);
    if (has_attribute(tag_lower, "srcset")) continue;

    std::string raw(html.substr(ref.begin, ref.end - ref.begin));
    auto srcset = [&](const std::vector<std::pair<std::string, uint32_t>>& variants) {
      std::string out;
      for (const auto& [path, width] : variants) {
        auto url = hash::rewrite_specifier(raw, target.path, path);
        if (!url) return std::string();
        out += (out.empty() ? "" : ", ") + *url + " " + std::to_string(width) + "w";
      }
      return out;
    };
    std::string avif = srcset(it->second.avif), webp = srcset(it->second.webp);
    if (avif.empty() && webp.empty()) continue;
    // width/height from the source, inserted right after the src attribute's value.
    if (!has_attribute(tag_lower, "width") && !has_attribute(tag_lower, "height") && it->second.width) {
      size_t value_end = ref.end - open;
      if (value_end < tag.size() && (tag[value_end] == '"' || tag[value_end] == '\'')) ++value_end;
      tag.insert(value_end, " width=\"" + std::to_string(it->second.width) + "\" height=\"" +
                                std::to_string(it->second.height) + "\"");
    }
    std::string picture = "<picture>";
    if (!avif.empty()) picture += "<source type=\"image/avif\" srcset=\"" + avif + "\">";
    if (!webp.empty()) picture += "<source type=\"image/webp\" srcset=\"" + webp + "\">";
    picture += tag + "</picture>";
    edits.push_back({static_cast<uint32_t>(open), static_cast<uint32_t>(close + 1), std::move(picture)});
  }
  if (edits.empty()) return std::nullopt;
  uint32_t count = static_cast<uint32_t>(edits.size());
  auto out = hash::apply_edits(html, std::move(edits));
  if (!out) return std::nullopt;
  rewritten += count;
  return std::move(*out);
}

PictureRewrite rewrite_pages(fs::Disk& disk, const std::string& root, const std::vector<scan::FileEntry>& files,
                             const ImagesResult& result, const std::string& base, bool dry_run,
                             Diagnostics& diags) {
  auto index = picture_index(result);
  PictureRewrite done;
  done.dry_run = dry_run;
  if (index.empty()) return done;
  parse::Parser parser;
  resolve::UrlResolver resolver{resolve::normalize_base(base)};
  for (const auto& file : files) {
    if (file.kind != scan::FileKind::document) continue;
    std::string path = fs::join_path(root, file.path);
    auto html = disk.read_file(path);
    if (!html) {
      diags.error(file.path, html.error());
      continue;
    }
    auto parsed = parser.parse(parse::Syntax::html, *html);
    uint32_t n = 0;
    if (auto out = rewrite_pictures(*html, file.path, parsed, index, resolver, n)) {
      if (!dry_run) {
        if (auto s = disk.write_file(path, *out); !s) {
          diags.error(file.path, s.error());
          continue;
        }
      }
      done.pictures += n;
      ++done.pages;
    }
  }
  return done;
}

}  // namespace kiln::image
