#include "page/page_fixes.h"

#include <charconv>

#include "core/edits.h"
#include "page/start_tags.h"

namespace kiln::page {

namespace {

uint64_t number(std::string_view v) {
  uint64_t x = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
  return ec == std::errc() ? x : 0;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool module_script(const StartTag& t, std::string_view html) {
  return t.name == "script" && lower(t.value(html, "type")) == "module";
}

// A classic external script: no type, or a JavaScript MIME type.
bool classic_script(const StartTag& t, std::string_view html) {
  if (t.name != "script" || !t.find("src")) return false;
  std::string type = lower(t.value(html, "type"));
  return type.empty() || type == "text/javascript" || type == "application/javascript";
}

}  // namespace

PageFix fix_page(const PageInput& in, const PageOptions& o) {
  std::string_view html = in.html;
  PageTags page = start_tags(html);
  PageFix fix;
  std::vector<Edit> edits;

  // Images in document order: sizes, then the first screen's largest, then lazy loading.
  struct Img {
    const StartTag* tag;
    std::optional<ImageSize> header;
    uint64_t area = 0;
  };
  std::vector<Img> imgs;
  for (const auto& t : page.tags) {
    if (t.name != "img") continue;
    Img img{&t, std::nullopt, 0};
    if (const Attribute* src = t.find("src"); src && in.image_at) img.header = in.image_at(src->value_begin);
    uint64_t w = number(t.value(html, "width")), h = number(t.value(html, "height"));
    if (w && h) img.area = w * h;
    else if (img.header) img.area = uint64_t(img.header->width) * img.header->height;
    imgs.push_back(img);
  }
  const StartTag* high = nullptr;
  uint64_t best = 0;
  for (size_t k = 0; k < imgs.size() && k < o.eager_images; ++k)
    if (imgs[k].area > best) best = imgs[k].area, high = imgs[k].tag;
  for (size_t k = 0; k < imgs.size(); ++k) {
    const StartTag& t = *imgs[k].tag;
    std::string add;
    if (o.image_sizes && imgs[k].header && !t.find("width") && !t.find("height") && imgs[k].header->width) {
      // Appended piece by piece: GCC 12's -Wrestrict misfires on "literal" + std::string.
      add += " width=\"";
      add += std::to_string(imgs[k].header->width);
      add += "\" height=\"";
      add += std::to_string(imgs[k].header->height);
      add += "\"";
      ++fix.sized;
    }
    if (o.fetch_priority && &t == high && !t.find("fetchpriority") && !t.find("loading")) {
      add += " fetchpriority=\"high\"";
      ++fix.high;
    }
    if (o.lazy_images && k >= o.eager_images && &t != high) {
      bool any = false;
      if (!t.find("loading")) add += " loading=\"lazy\"", any = true;
      if (!t.find("decoding")) add += " decoding=\"async\"", any = true;
      fix.lazy += any;
    }
    if (!add.empty()) edits.push_back({t.name_end, t.name_end, add});
  }

  // Preloads: before the first module script in <head>, else before </head>.
  std::vector<std::pair<std::string, bool>> links;  // (URL, is a font)
  if (o.font_preload)
    for (size_t k = 0; k < in.font_preloads.size() && k < o.font_preloads; ++k) links.emplace_back(in.font_preloads[k], true);
  if (o.module_preload)
    for (const auto& url : in.module_preloads) links.emplace_back(url, false);
  if (!links.empty()) {
    std::optional<uint32_t> at;
    for (const auto& t : page.tags)
      if (t.in_head && module_script(t, html)) {
        at = t.begin;
        break;
      }
    if (!at && page.head_end) at = page.head_end;
    if (at) {
      // Keep the line's indentation for the next line.
      size_t line_start = html.rfind('\n', *at == 0 ? 0 : *at - 1);
      std::string_view lead = line_start == std::string_view::npos ? "" : html.substr(line_start + 1, *at - line_start - 1);
      bool blank = lead.find_first_not_of(" \t") == std::string_view::npos;
      std::string text;
      for (const auto& [url, font] : links) {
        std::string escaped;
        for (char c : url) escaped += c == '"' ? std::string("&quot;") : c == '&' ? std::string("&amp;") : std::string(1, c);
        text += font ? "<link rel=\"preload\" href=\"" : "<link rel=\"modulepreload\" href=\"";
        text += escaped;
        text += font ? "\" as=\"font\" type=\"font/woff2\" crossorigin>" : "\">";
        if (blank) (text += '\n') += lead;
        ++(font ? fix.fonts : fix.preloads);
      }
      edits.push_back({*at, *at, text});
    }
  }

  if (o.warnings)
    for (const auto& t : page.tags)
      if (t.in_head && classic_script(t, html) && !t.find("defer") && !t.find("async"))
      {
        std::string m = "render-blocking script in <head> ('";
        m += t.value(html, "src");
        m += "'): add defer (or async), or load it as a module";
        fix.warnings.push_back({t.line, std::move(m)});
      }

  if (edits.empty()) {
    fix.html = std::string(html);
    return fix;
  }
  auto out = apply_edits(html, std::move(edits));
  fix.html = out ? std::move(*out) : std::string(html);  // insertions at distinct tags never overlap
  return fix;
}

}  // namespace kiln::page
