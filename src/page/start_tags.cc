#include "page/start_tags.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace kiln::page {

namespace {

bool space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
char lower(char c) { return char(std::tolower(static_cast<unsigned char>(c))); }

// Elements whose contents the tokenizer reads as text up to their end tag.
bool raw_text(std::string_view name) {
  static constexpr std::array<std::string_view, 10> kRaw = {"script", "style",   "textarea", "title",    "xmp",
                                                            "iframe", "noembed", "noframes", "noscript", "plaintext"};
  return std::find(kRaw.begin(), kRaw.end(), name) != kRaw.end();
}

// Offset of "</name" (any case) at or after `from`, or html.size().
size_t find_end_tag(std::string_view html, std::string_view name, size_t from) {
  for (size_t at = html.find("</", from); at != std::string_view::npos; at = html.find("</", at + 2)) {
    if (at + 2 + name.size() > html.size()) break;
    bool same = true;
    for (size_t k = 0; k < name.size() && same; ++k) same = lower(html[at + 2 + k]) == name[k];
    if (same) return at;
  }
  return html.size();
}

}  // namespace

const Attribute* StartTag::find(std::string_view n) const {
  for (const auto& a : attributes)
    if (a.name == n) return &a;
  return nullptr;
}

std::string_view StartTag::value(std::string_view html, std::string_view n) const {
  const Attribute* a = find(n);
  return a ? html.substr(a->value_begin, a->value_end - a->value_begin) : std::string_view();
}

PageTags start_tags(std::string_view html) {
  PageTags out;
  bool in_head = true;
  uint32_t line = 1;
  size_t counted = 0;  // newlines counted up to here
  size_t i = 0, n = html.size();
  while ((i = html.find('<', i)) != std::string_view::npos) {
    if (html.compare(i, 4, "<!--") == 0) {
      size_t close = html.find("-->", i + 4);
      i = close == std::string_view::npos ? n : close + 3;
      continue;
    }
    if (i + 1 < n && (html[i + 1] == '!' || html[i + 1] == '?')) {
      size_t close = html.find('>', i);
      i = close == std::string_view::npos ? n : close + 1;
      continue;
    }
    if (i + 1 < n && html[i + 1] == '/') {
      size_t j = i + 2;
      std::string name;
      while (j < n && !space(html[j]) && html[j] != '>' && html[j] != '/') name += lower(html[j++]);
      if (name == "head" && in_head) {
        in_head = false;
        out.head_end = uint32_t(i);
      }
      size_t close = html.find('>', j);
      i = close == std::string_view::npos ? n : close + 1;
      continue;
    }
    if (i + 1 >= n || !std::isalpha(static_cast<unsigned char>(html[i + 1]))) {
      ++i;  // a '<' in text
      continue;
    }
    StartTag tag;
    tag.begin = uint32_t(i);
    line += uint32_t(std::count(html.begin() + counted, html.begin() + i, '\n'));
    counted = i;
    tag.line = line;
    size_t j = i + 1;
    while (j < n && !space(html[j]) && html[j] != '/' && html[j] != '>') tag.name += lower(html[j++]);
    tag.name_end = uint32_t(j);
    if (tag.name == "body") in_head = false;
    tag.in_head = in_head;
    // Attributes, as the tokenizer's attribute states read them.
    while (j < n) {
      while (j < n && (space(html[j]) || html[j] == '/')) ++j;
      if (j >= n || html[j] == '>') break;
      Attribute a;
      a.name_begin = uint32_t(j);
      a.name += lower(html[j++]);  // a first '=' belongs to the name
      while (j < n && !space(html[j]) && html[j] != '/' && html[j] != '>' && html[j] != '=') a.name += lower(html[j++]);
      a.name_end = a.value_begin = a.value_end = uint32_t(j);
      size_t k = j;
      while (k < n && space(html[k])) ++k;
      if (k < n && html[k] == '=') {
        ++k;
        while (k < n && space(html[k])) ++k;
        a.has_value = true;
        if (k < n && (html[k] == '"' || html[k] == '\'')) {
          char q = html[k];
          size_t close = html.find(q, k + 1);
          if (close == std::string_view::npos) close = n;
          a.value_begin = uint32_t(k + 1), a.value_end = uint32_t(close);
          j = close < n ? close + 1 : n;
        } else {
          a.value_begin = uint32_t(k);
          while (k < n && !space(html[k]) && html[k] != '>') ++k;
          a.value_end = uint32_t(k);
          j = k;
        }
      }
      if (!tag.find(a.name)) tag.attributes.push_back(std::move(a));  // the first one counts
    }
    tag.end = uint32_t(std::min(j + 1, n));
    i = tag.end;
    if (raw_text(tag.name)) i = find_end_tag(html, tag.name, i);
    out.tags.push_back(std::move(tag));
  }
  return out;
}

}  // namespace kiln::page
