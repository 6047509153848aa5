// libFuzzer target: reference extraction from JavaScript, TypeScript and TSX (tree-sitter and
// the lexical fallback scanner), and the source graph's import/export extraction.
#include "fuzz_input.h"
#include "parse/js_scanner.h"
#include "parse/nesting.h"
#include "parse/parser.h"
#include "source/extractor.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static kiln::parse::Parser parser;
  static kiln::source::SourceExtractor extractor;
  auto src = kiln::fuzz::text(data, size);
  (void)parser.parse(kiln::parse::Syntax::javascript, src);
  (void)parser.parse(kiln::parse::Syntax::typescript, src);
  (void)parser.parse(kiln::parse::Syntax::tsx, src);
  std::vector<kiln::parse::Reference> refs;
  kiln::parse::scan_js_refs(src, refs);
  (void)kiln::parse::bracket_nesting(src);
  (void)extractor.extract(kiln::source::SourceSyntax::typescript, src);
  (void)extractor.extract(kiln::source::SourceSyntax::vue, src);
  return 0;
}
