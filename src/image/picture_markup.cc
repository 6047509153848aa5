#include "image/picture_markup.h"

#include <algorithm>
#include <cctype>

#include "core/edits.h"
#include "hash/edits.h"
#include "page/start_tags.h"
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

// The start tag whose source range holds `at`, from the tags sorted by position.
const page::StartTag* tag_at(const std::vector<page::StartTag>& tags, uint32_t at) {
  auto it = std::upper_bound(tags.begin(), tags.end(), at, [](uint32_t x, const page::StartTag& t) { return x < t.begin; });
  if (it == tags.begin()) return nullptr;
  --it;
  return at < it->end ? &*it : nullptr;
}

// Whether the tag at `index` is inside a <picture> element: a <picture> start tag before
// it (a real element name, not <picture-frame>) with no `</picture` end tag in between.
bool inside_picture(std::string_view page_lower, const std::vector<page::StartTag>& tags, size_t index) {
  for (size_t i = index; i-- > 0;) {
    if (tags[i].name != "picture") continue;
    std::string_view between = page_lower.substr(tags[i].end, tags[index].begin - tags[i].end);
    for (size_t at = between.find("</picture"); at != std::string_view::npos; at = between.find("</picture", at + 1)) {
      char next = at + 9 < between.size() ? between[at + 9] : '>';
      if (next == '>' || next == '/' || std::isspace(static_cast<unsigned char>(next))) return false;
    }
    return true;
  }
  return false;
}

}  // namespace

std::optional<std::string> rewrite_pictures(std::string_view html, const std::string& html_path,
                                            const parse::ParsedFile& parsed, const PictureIndex& index,
                                            const resolve::UrlResolver& resolver, uint32_t& rewritten) {
  // Attributes as the HTML tokenizer reads them (page/start_tags.h): a tab before `srcset`,
  // an `alt` naming `width`, or a <picture-frame> element cannot fool the checks below.
  std::string page_lower = lower(html);
  auto tags = page::start_tags(html).tags;
  std::vector<Edit> edits;
  for (const auto& ref : parsed.refs) {
    if (ref.kind != parse::RefKind::html_img || ref.tag != "img" || ref.attr != "src" || !ref.known) continue;
    auto target = resolver.resolve(html_path, ref.specifier, false);
    if (target.cls != resolve::UrlClass::local) continue;
    auto it = index.find(target.path);
    if (it == index.end()) continue;
    const page::StartTag* img = tag_at(tags, ref.begin);
    if (!img || img->name != "img" || img->end < ref.end) continue;
    size_t open = img->begin, close = img->end - 1;
    if (inside_picture(page_lower, tags, static_cast<size_t>(img - tags.data()))) continue;
    if (img->find("srcset")) continue;
    std::string tag(html.substr(open, close - open + 1));

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
    if (!img->find("width") && !img->find("height") && it->second.width) {
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
  auto out = apply_edits(html, std::move(edits));
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
