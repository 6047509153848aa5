// JsSymbols::load: the node kinds and fields of one JS-family grammar, looked up by name once
// per Parser so the walk compares integers, never strings.
#include <cstring>

#include "parse/js_extractor.h"

namespace kiln::parse {

namespace {

TSSymbol named(const TSLanguage* lang, const char* name) {
  return ts_language_symbol_for_name(lang, name, static_cast<uint32_t>(std::strlen(name)), true);
}
TSFieldId field(const TSLanguage* lang, const char* name) {
  return ts_language_field_id_for_name(lang, name, static_cast<uint32_t>(std::strlen(name)));
}

}  // namespace

JsSymbols JsSymbols::load(const TSLanguage* lang) {
  JsSymbols s;
  s.program = named(lang, "program");
  s.import_statement = named(lang, "import_statement");
  s.export_statement = named(lang, "export_statement");
  s.import_require_clause = named(lang, "import_require_clause");
  s.call_expression = named(lang, "call_expression");
  s.new_expression = named(lang, "new_expression");
  s.arguments = named(lang, "arguments");
  s.string = named(lang, "string");
  s.template_string = named(lang, "template_string");
  s.template_substitution = named(lang, "template_substitution");
  s.identifier = named(lang, "identifier");
  s.member_expression = named(lang, "member_expression");
  s.import_kw = named(lang, "import");
  s.meta_property = named(lang, "meta_property");
  s.comment = named(lang, "comment");
  s.object = named(lang, "object");
  s.pair = named(lang, "pair");
  s.property_identifier = named(lang, "property_identifier");
  s.type_kw = ts_language_symbol_for_name(lang, "type", 4, false);
  s.f_source = field(lang, "source");
  s.f_function = field(lang, "function");
  s.f_arguments = field(lang, "arguments");
  s.f_constructor = field(lang, "constructor");
  s.f_object = field(lang, "object");
  s.f_property = field(lang, "property");
  s.f_key = field(lang, "key");
  s.f_value = field(lang, "value");
  s.assignment_expression = named(lang, "assignment_expression");
  s.arrow_function = named(lang, "arrow_function");
  s.function_expression = named(lang, "function_expression");
  s.function_declaration = named(lang, "function_declaration");
  s.formal_parameters = named(lang, "formal_parameters");
  s.statement_block = named(lang, "statement_block");
  s.return_statement = named(lang, "return_statement");
  s.if_statement = named(lang, "if_statement");
  s.binary_expression = named(lang, "binary_expression");
  s.parenthesized_expression = named(lang, "parenthesized_expression");
  s.subscript_expression = named(lang, "subscript_expression");
  s.number = named(lang, "number");
  s.ternary_expression = named(lang, "ternary_expression");
  s.expression_statement = named(lang, "expression_statement");
  s.f_left = field(lang, "left");
  s.f_right = field(lang, "right");
  s.f_parameter = field(lang, "parameter");
  s.f_parameters = field(lang, "parameters");
  s.f_body = field(lang, "body");
  s.f_operator = field(lang, "operator");
  s.f_index = field(lang, "index");
  s.f_condition = field(lang, "condition");
  s.f_consequence = field(lang, "consequence");
  s.f_alternative = field(lang, "alternative");
  s.array = named(lang, "array");
  s.variable_declarator = named(lang, "variable_declarator");
  s.f_name = field(lang, "name");
  return s;
}

}  // namespace kiln::parse
