// The source-mode walk over one JS/TS/TSX tree: imports with the names they take, exports
// with line:column, CommonJS exports, namespace member uses and non-literal specifiers.
// Node kinds are compared by symbol id, resolved once per grammar (JsKinds::load).
#pragma once

#include <tree_sitter/api.h>

#include <string_view>
#include <vector>

#include "source/facts.h"

namespace kiln::source {

// The node kinds the walk looks at, as a table from symbol id to a small enum.
enum class Kind : uint8_t {
  other, program, import_statement, export_statement, import_clause, named_imports,
  namespace_import, import_specifier, import_require_clause, export_clause, export_specifier,
  namespace_export, string, template_string, template_substitution, identifier,
  call_expression, new_expression, member_expression, subscript_expression, arguments,
  meta_property, import_kw, comment, variable_declarator, lexical_declaration,
  variable_declaration, function_declaration, generator_function_declaration,
  class_declaration, abstract_class_declaration, interface_declaration,
  type_alias_declaration, enum_declaration, internal_module, module, ambient_declaration,
  function_signature, expression_statement, assignment_expression, object_pattern,
  array_pattern, shorthand_property_identifier_pattern, pair_pattern, object, pair,
  shorthand_property_identifier, property_identifier, nested_type_identifier,
  await_expression, assignment_pattern, rest_pattern, array, parenthesized_expression,
  type_kw, default_kw, eq_kw, star_kw, export_kw, error, count_
};

struct JsKinds {
  std::vector<Kind> of_symbol;
  TSFieldId f_source = 0, f_name = 0, f_alias = 0, f_declaration = 0, f_value = 0,
            f_function = 0, f_arguments = 0, f_constructor = 0, f_object = 0, f_property = 0,
            f_left = 0, f_right = 0, f_module = 0, f_key = 0, f_index = 0;
  static JsKinds load(const TSLanguage* lang);
  Kind of(TSNode n) const {
    TSSymbol s = ts_node_symbol(n);
    return s < of_symbol.size() ? of_symbol[s] : Kind::other;
  }
};

// Appends what `root` (parsed from `src`; positions shifted by `line_base`, the line the
// text starts on, 0 for a whole file) holds to `facts`.
void walk_js(const JsKinds& kinds, TSNode root, std::string_view src, uint32_t line_base, ModuleFacts& facts);

}  // namespace kiln::source
