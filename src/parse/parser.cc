#include "parse/parser.h"

#include <algorithm>
#include <cstring>
#include <optional>
#include <string>

#include "parse/asset_names.h"
#include "parse/css_scanner.h"
#include "parse/extraction.h"
#include "parse/grammars.h"
#include "parse/html_extractor.h"
#include "parse/js_extractor.h"
#include "parse/manifest_scanner.h"
#include "parse/nesting.h"

namespace kiln::parse {

namespace {

// Fills line/column of every reference (sorted by begin) and of the first error, in one
// forward pass over the newlines.
void assign_positions(std::string_view content, Extraction& ex) {
  auto& refs = ex.file.refs;
  uint32_t line = 1;
  size_t line_start = 0, pos = 0;
  auto advance_to = [&](size_t target) {
    while (pos < target) {
      const void* nl = std::memchr(content.data() + pos, '\n', target - pos);
      if (!nl) {
        pos = target;
        break;
      }
      pos = static_cast<size_t>(static_cast<const char*>(nl) - content.data()) + 1;
      line_start = pos;
      ++line;
    }
  };
  size_t r = 0;
  bool error_done = !ex.error_byte;
  while (r < refs.size() || !error_done) {
    bool take_error = !error_done && (r >= refs.size() || *ex.error_byte <= refs[r].begin);
    size_t target = take_error ? *ex.error_byte : refs[r].begin;
    advance_to(std::min(target, content.size()));
    uint32_t column = static_cast<uint32_t>(target - line_start + 1);
    if (take_error) {
      ex.file.first_error = ParseIssue{line, column, ex.error_message};
      error_done = true;
    } else {
      refs[r].line = line;
      refs[r].column = column;
      ++r;
    }
  }
}

// Why `content` is not UTF-8 text kiln can read references from: UTF-16 with its byte order
// mark, or a NUL byte in the first two (UTF-16 without one: every ASCII character has a zero
// byte). tree-sitter would report garbage such as "unexpected '\xff\xfe'".
std::optional<std::string> not_utf8_text(std::string_view content) {
  auto starts = [&](std::string_view bom) { return content.substr(0, bom.size()) == bom; };
  if (starts("\xff\xfe")) return "the file is UTF-16 (byte order mark FF FE), not UTF-8: its references were not read";
  if (starts("\xfe\xff")) return "the file is UTF-16 (byte order mark FE FF), not UTF-8: its references were not read";
  if (content.size() >= 2 && (content[0] == '\0' || content[1] == '\0'))
    return "the file starts with a NUL byte (UTF-16 without a byte order mark, or not text), not UTF-8: its "
           "references were not read";
  return std::nullopt;
}

}  // namespace

struct Parser::Impl {
  JsEngine js;
  TSParser* css = nullptr;
  TSParser* html = nullptr;
  HtmlSymbols html_symbols;

  explicit Impl(JsPieceSizes pieces) : js(pieces) {
    css = ts_parser_new();
    ts_parser_set_language(css, language(Language::css));
    html = ts_parser_new();
    ts_parser_set_language(html, language(Language::html));
    html_symbols = HtmlSymbols::load(language(Language::html));
  }
  ~Impl() {
    ts_parser_delete(css);
    ts_parser_delete(html);
  }

  void css_file(std::string_view content, Extraction& ex);
};

void Parser::Impl::css_file(std::string_view content, Extraction& ex) {
  std::optional<CssProblem> problem;
  scan_css_refs(content, true, ex.file.refs, &problem);
  // The references come from the tokenizer, and so do the syntax errors: a comment, string,
  // url or bracket left open or closed wrongly, by CSS Syntax Level 3, at the tokenizer's
  // position. tree-sitter-css 0.23.2 rejects valid CSS (unquoted url(./x.png) and url(#id),
  // keyframe selector lists), which swagger-ui, monaco-editor and pdfjs-dist all ship, and
  // accepts a bad url(x y.png). When the tokenizer finds an error, the tree says which
  // top-level rules are damaged: the refs inside them, the ones a tree-based extractor would
  // have risked losing, are counted. A well-formed stylesheet is not parsed twice.
  if (!problem) return;
  if (Nesting nesting = bracket_nesting(content); nesting.depth > kMaxNesting) {
    ex.note_error(nesting.byte, too_deep_message() + "; references found by kiln's CSS tokenizer");
    return;
  }
  ex.note_error(static_cast<uint32_t>(problem->byte), problem->message);
  TSTree* tree = ts_parser_parse_string(css, nullptr, content.data(), static_cast<uint32_t>(content.size()));
  if (!tree) return;
  TSNode root = ts_tree_root_node(tree);
  if (ts_node_has_error(root)) {
    uint32_t count = ts_node_child_count(root);
    for (uint32_t i = 0; i < count; ++i) {
      TSNode c = ts_node_child(root, i);
      if (!ts_node_has_error(c)) continue;
      uint32_t cb = ts_node_start_byte(c), ce = ts_node_end_byte(c);
      for (auto& r : ex.file.refs) {
        if (r.begin >= cb && r.end <= ce && !r.recovered) {
          r.recovered = true;
          ++ex.file.recovered_refs;
        }
      }
    }
  }
  ts_tree_delete(tree);
}

Parser::Parser(JsPieceSizes pieces) : impl_(std::make_unique<Impl>(pieces)) {}
Parser::~Parser() = default;

uint64_t Parser::js_pieces() const { return impl_->js.pieces_parsed(); }

ParsedFile Parser::parse(Syntax syntax, std::string_view content) {
  Extraction ex;
  if (auto why = not_utf8_text(content); why && syntax != Syntax::none) {
    ex.note_error(0, *why);
    assign_positions(content, ex);
    return std::move(ex.file);
  }
  switch (syntax) {
    case Syntax::javascript:
    case Syntax::typescript:
    case Syntax::tsx: impl_->js.extract(syntax, content, 0, false, ex); break;
    case Syntax::css: impl_->css_file(content, ex); break;
    case Syntax::html: extract_html(impl_->html, impl_->html_symbols, impl_->js, content, ex); break;
    case Syntax::webmanifest: extract_manifest(content, ex); break;
    case Syntax::none: break;
  }
  auto& refs = ex.file.refs;
  if (syntax == Syntax::javascript || syntax == Syntax::typescript || syntax == Syntax::tsx || syntax == Syntax::css)
    scan_asset_names(content, refs);
  std::stable_sort(refs.begin(), refs.end(), [](const Reference& a, const Reference& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
  });
  assign_positions(content, ex);
  return std::move(ex.file);
}

}  // namespace kiln::parse
