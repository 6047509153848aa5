// libFuzzer target: HTML pages with their inline scripts and styles, srcset values, entity
// decoding, the nesting pre-scan, and the page step's start-tag reader.
#include "fuzz_input.h"
#include "page/start_tags.h"
#include "parse/nesting.h"
#include "parse/parser.h"
#include "parse/srcset.h"
#include "parse/text_decode.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static kiln::parse::Parser parser;
  auto src = kiln::fuzz::text(data, size);
  (void)parser.parse(kiln::parse::Syntax::html, src);
  (void)kiln::parse::html_nesting(src);
  (void)kiln::parse::parse_srcset(src);
  (void)kiln::parse::decode_html_entities(src, 0);
  (void)kiln::page::start_tags(src);
  return 0;
}
