// JS/TS/TSX reference extraction from a tree-sitter tree: one cursor walk over the tree,
// node kinds compared by symbol id (resolved once per language), and, where the tree has
// errors, the lexical fallback (js_scanner) over the damaged top-level statements.
#pragma once

#include <tree_sitter/api.h>

#include <string_view>

#include "parse/extraction.h"
#include "parse/parser.h"

namespace kiln::parse {

// The symbols and fields of one JS-family grammar that the walk looks at.
struct JsSymbols {
  TSSymbol program = 0, import_statement = 0, export_statement = 0, import_require_clause = 0,
           call_expression = 0, new_expression = 0, arguments = 0, string = 0, template_string = 0,
           template_substitution = 0, identifier = 0, member_expression = 0, import_kw = 0,
           meta_property = 0, comment = 0, object = 0, pair = 0, property_identifier = 0,
           type_kw = 0;
  // For the chunk-loading runtimes (chunk_runtime_reader).
  TSSymbol assignment_expression = 0, arrow_function = 0, function_expression = 0, function_declaration = 0,
           formal_parameters = 0, statement_block = 0, return_statement = 0, if_statement = 0,
           binary_expression = 0, parenthesized_expression = 0, subscript_expression = 0, number = 0,
           ternary_expression = 0, expression_statement = 0, array = 0, variable_declarator = 0;
  TSFieldId f_source = 0, f_function = 0, f_arguments = 0, f_constructor = 0, f_object = 0,
            f_property = 0, f_key = 0, f_value = 0, f_left = 0, f_right = 0, f_parameter = 0,
            f_parameters = 0, f_body = 0, f_operator = 0, f_index = 0, f_condition = 0,
            f_consequence = 0, f_alternative = 0, f_name = 0;

  static JsSymbols load(const TSLanguage* lang);
};

// Owns the parsers of the JS family (javascript, typescript, tsx), reused across files.
class JsEngine {
 public:
  explicit JsEngine(JsPieceSizes pieces = {});
  ~JsEngine();
  JsEngine(const JsEngine&) = delete;
  JsEngine& operator=(const JsEngine&) = delete;

  // Parses `src` (a whole file, or an inline <script> body starting at file offset `base`)
  // and appends its references with file offsets. `module_context` marks refs of an inline
  // <script type=module>.
  void extract(Syntax syntax, std::string_view src, uint32_t base, bool module_context, Extraction& ex);
  uint64_t pieces_parsed() const { return pieces_parsed_; }

 private:
  bool extract_pieces(int lang, std::string_view src, uint32_t base, bool module_context, Extraction& ex);

  JsPieceSizes pieces_;
  uint64_t pieces_parsed_ = 0;  // in files whose pieces all parsed
  TSParser* parsers_[3];
  JsSymbols symbols_[3];
};

}  // namespace kiln::parse
