// Source mode's per-file extraction: a file's name and bytes in, its ModuleFacts out.
// JS/MJS/CJS/JSX, TS/MTS/CTS/TSX and .d.ts through tree-sitter (source/js_facts.h); the
// <script> blocks of Vue and Svelte components by byte range; stylesheets' @import through
// kiln's CSS tokenizer; HTML pages' <script src>/<link href> through the dist parser. One
// SourceExtractor per thread: it owns its parsers and reuses them.
#pragma once

#include <memory>
#include <string_view>

#include "source/facts.h"

namespace kiln::source {

enum class SourceSyntax : uint8_t { none, javascript, typescript, tsx, vue, svelte, css, html };

// From the file name: .js .mjs .cjs .jsx -> javascript, .ts .mts .cts (and .d.ts) ->
// typescript, .tsx -> tsx, .vue, .svelte, .css .scss .sass .less -> css, .html .htm -> html.
SourceSyntax source_syntax(std::string_view path);
// A module that can import and export (JS family, Vue, Svelte): what unused-file and
// unused-export findings are about.
bool is_code(SourceSyntax s);
bool is_declaration_file(std::string_view path);  // .d.ts .d.mts .d.cts

class SourceExtractor {
 public:
  SourceExtractor();
  ~SourceExtractor();
  SourceExtractor(const SourceExtractor&) = delete;
  SourceExtractor& operator=(const SourceExtractor&) = delete;

  ModuleFacts extract(SourceSyntax syntax, std::string_view content);
  // Parse the whole text, inert bodies too (source/skim.h): the reference the skim is
  // checked against. On by default.
  void set_skim(bool on);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kiln::source
