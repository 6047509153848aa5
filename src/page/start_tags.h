// The start tags of an HTML page with every attribute's name and value byte ranges, read the
// way the HTML tokenizer reads them (attributes separated by any ASCII whitespace, values
// quoted with " or ' or unquoted up to whitespace or '>', names compared in lower case), so
// the page step edits attributes, never the tag's text: a tab before `srcset`, an `alt`
// naming other attributes, or `<picture-frame>` cannot fool it. Comments, doctype and the
// raw-text elements' contents (script, style, textarea, title, noscript as browsers with
// scripting parse it, ...) are skipped, so their text never yields tags.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kiln::page {

struct Attribute {
  std::string name;  // lower case
  uint32_t name_begin = 0, name_end = 0;
  uint32_t value_begin = 0, value_end = 0;  // inside the quotes; equal to name_end when no value
  bool has_value = false;
};

struct StartTag {
  std::string name;               // lower case
  uint32_t begin = 0, end = 0;    // '<' and one past '>'
  uint32_t name_end = 0;          // one past the tag name: where attributes can be inserted
  uint32_t line = 0;              // 1-based
  bool in_head = false;           // before </head> or <body>
  std::vector<Attribute> attributes;

  const Attribute* find(std::string_view name) const;
  std::string_view value(std::string_view html, std::string_view name) const;  // "" when absent
};

struct PageTags {
  std::vector<StartTag> tags;
  uint32_t head_end = 0;  // offset of "</head>", or 0 when there is none
};

PageTags start_tags(std::string_view html);

}  // namespace kiln::page
