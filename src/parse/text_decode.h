// Decoding of the escapes a specifier may be written with: JS string escapes, CSS escapes and
// HTML character references. References keep the raw byte range and the decoded text; the
// `decoded` flag tells a rewriter the two differ.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kiln::parse {

void append_utf8(std::string& out, uint32_t code_point);

// The start of `text` for a message: up to the first line break, at most `max` bytes, cut
// before a UTF-8 sequence that would not fit (messages end up in JSON, which must be UTF-8).
std::string_view excerpt(std::string_view text, size_t max);

// The value of a JS string or template literal body (the bytes between the quotes).
std::string decode_js_string(std::string_view raw);

// The value of CSS text with escapes (`\41 `, `\"`, line continuations in strings).
std::string decode_css_escapes(std::string_view raw);

// Text with where each of its bytes came from, for HTML attribute values whose character
// references are decoded before srcset/CSS parsing. offsets[i] is the position in the file
// of decoded byte i; offsets[text.size()] is the end. Empty `offsets` means identity + base.
struct MappedText {
  std::string text;
  std::vector<uint32_t> offsets;
  uint32_t base = 0;

  uint32_t at(size_t i) const { return offsets.empty() ? base + static_cast<uint32_t>(i) : offsets[i]; }
  // True when [b, e) of `text` is not byte-for-byte the file's bytes at [at(b), at(e)).
  bool changed(size_t b, size_t e) const;
};

// Decodes &amp; &lt; &gt; &quot; &apos; &nbsp; &#NN; &#xHH; (the references that appear in
// URL attributes); other named references are kept as written.
MappedText decode_html_entities(std::string_view raw, uint32_t base);

}  // namespace kiln::parse
