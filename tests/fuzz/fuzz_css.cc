// libFuzzer target: stylesheets, through kiln's CSS tokenizer (the parse phase) and the
// source graph's @import extraction.
#include "fuzz_input.h"
#include "parse/css_scanner.h"
#include "parse/parser.h"
#include "parse/text_decode.h"
#include "source/extractor.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static kiln::parse::Parser parser;
  static kiln::source::SourceExtractor extractor;
  auto src = kiln::fuzz::text(data, size);
  (void)parser.parse(kiln::parse::Syntax::css, src);
  std::vector<kiln::parse::Reference> refs;
  kiln::parse::scan_css_refs(src, true, refs);
  (void)kiln::parse::decode_css_escapes(src);
  (void)extractor.extract(kiln::source::SourceSyntax::css, src);
  return 0;
}
