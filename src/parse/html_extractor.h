// HTML reference extraction: a walk over tree-sitter-html's tree for the URL attributes of
// the elements that load something (script, link, img, source, video, iframe, …), srcset
// candidates, and the inline <script> (JS grammar), <style> and style="" (CSS scanner)
// bodies, all with offsets in the HTML file.
#pragma once

#include <tree_sitter/api.h>

#include <string_view>

#include "parse/extraction.h"
#include "parse/js_extractor.h"

namespace kiln::parse {

struct HtmlSymbols {
  TSSymbol start_tag = 0, self_closing_tag = 0, tag_name = 0, attribute = 0, attribute_name = 0,
           attribute_value = 0, quoted_attribute_value = 0, script_element = 0, style_element = 0,
           raw_text = 0;
  static HtmlSymbols load(const TSLanguage* lang);
};

void extract_html(TSParser* html, const HtmlSymbols& sym, JsEngine& js, std::string_view content, Extraction& ex);

}  // namespace kiln::parse
