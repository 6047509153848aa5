#include "source/js_facts.h"

#include "source/js_walker.h"

#include <algorithm>
#include <cstring>
#include <string>

namespace kiln::source {

namespace {

const char* const kKindNames[] = {
    "", "program", "import_statement", "export_statement", "import_clause", "named_imports",
    "namespace_import", "import_specifier", "import_require_clause", "export_clause",
    "export_specifier", "namespace_export", "string", "template_string",
    "template_substitution", "identifier", "call_expression", "new_expression",
    "member_expression", "subscript_expression", "arguments", "meta_property", "import",
    "comment", "variable_declarator", "lexical_declaration", "variable_declaration",
    "function_declaration", "generator_function_declaration", "class_declaration",
    "abstract_class_declaration", "interface_declaration", "type_alias_declaration",
    "enum_declaration", "internal_module", "module", "ambient_declaration",
    "function_signature", "expression_statement", "assignment_expression", "object_pattern",
    "array_pattern", "shorthand_property_identifier_pattern", "pair_pattern", "object", "pair",
    "shorthand_property_identifier", "property_identifier", "nested_type_identifier",
    "await_expression", "assignment_pattern", "rest_pattern", "array",
    "parenthesized_expression", "type", "default", "=", "*", "export", "ERROR"};
static_assert(sizeof(kKindNames) / sizeof(kKindNames[0]) == size_t(Kind::count_));

// Keywords are anonymous nodes; the rest are named. "import" is both: the named one is the
// callee of import(), the one we want.
bool anonymous_kind(Kind k) {
  return k == Kind::type_kw || k == Kind::default_kw || k == Kind::eq_kw || k == Kind::star_kw || k == Kind::export_kw;
}

}  // namespace

JsKinds JsKinds::load(const TSLanguage* lang) {
  JsKinds k;
  uint32_t n = ts_language_symbol_count(lang);
  k.of_symbol.assign(n, Kind::other);
  for (uint32_t s = 0; s < n; ++s) {
    const char* name = ts_language_symbol_name(lang, static_cast<TSSymbol>(s));
    bool named = ts_language_symbol_type(lang, static_cast<TSSymbol>(s)) == TSSymbolTypeRegular;
    for (size_t i = 1; i < size_t(Kind::count_); ++i) {
      auto kind = static_cast<Kind>(i);
      if (std::strcmp(name, kKindNames[i]) != 0) continue;
      if (kind == Kind::error || named != anonymous_kind(kind)) k.of_symbol[s] = kind;
    }
  }
  auto f = [&](const char* name) {
    return ts_language_field_id_for_name(lang, name, static_cast<uint32_t>(std::strlen(name)));
  };
  k.f_source = f("source"), k.f_name = f("name"), k.f_alias = f("alias");
  k.f_declaration = f("declaration"), k.f_value = f("value"), k.f_function = f("function");
  k.f_arguments = f("arguments"), k.f_constructor = f("constructor"), k.f_object = f("object");
  k.f_property = f("property"), k.f_left = f("left"), k.f_right = f("right");
  k.f_module = f("module"), k.f_key = f("key"), k.f_index = f("index");
  return k;
}

namespace detail {

bool Walker::has_child(TSNode n, Kind kind) const {
  uint32_t count = ts_node_child_count(n);
  for (uint32_t i = 0; i < count; ++i)
    if (k_.of(ts_node_child(n, i)) == kind) return true;
  return false;
}

bool Walker::literal(TSNode n, std::string& out) const {
  if (ts_node_is_null(n)) return false;
  Kind kind = k_.of(n);
  if (kind == Kind::template_string) {
    uint32_t count = ts_node_named_child_count(n);
    for (uint32_t i = 0; i < count; ++i)
      if (k_.of(ts_node_named_child(n, i)) == Kind::template_substitution) return false;
  } else if (kind != Kind::string) {
    return false;
  }
  auto t = text(n);
  if (t.size() < 2) return false;
  out.assign(t.substr(1, t.size() - 2));
  return true;
}

std::string Walker::name_of(TSNode n) const {
  std::string s;
  if (literal(n, s)) return s;
  return std::string(text(n));
}

TSNode Walker::first_arg(TSNode args) const {
  uint32_t count = ts_node_named_child_count(args);
  for (uint32_t i = 0; i < count; ++i) {
    TSNode c = ts_node_named_child(args, i);
    if (k_.of(c) != Kind::comment) return c;
  }
  return TSNode{};
}

ImportRecord& Walker::add_import(ImportKind kind, std::string spec, TSNode at_node) {
  auto& r = facts_.imports.emplace_back();
  r.kind = kind;
  r.specifier = std::move(spec);
  at(at_node, r.line, r.column);
  return r;
}

void Walker::add_dynamic(ImportKind kind, TSNode expr) {
  auto& d = facts_.dynamic.emplace_back();
  d.kind = kind;
  d.expression = std::string(text(expr).substr(0, 80));
  at(expr, d.line, d.column);
}

void Walker::top_level(TSNode root) {
  uint32_t count = ts_node_named_child_count(root);
  for (uint32_t i = 0; i < count; ++i) {
    TSNode c = ts_node_named_child(root, i);
    switch (k_.of(c)) {
      case Kind::import_statement: on_import(c); break;
      case Kind::export_statement: on_export(c); break;
      case Kind::expression_statement: on_commonjs(ts_node_named_child(c, 0)); break;
      case Kind::comment: on_comment(c); break;
      default: break;
    }
  }
}

void Walker::on_import(TSNode n) {
  std::string spec;
  TSNode src = field(n, k_.f_source);
  bool type_only = false;
  uint32_t count = ts_node_child_count(n);
  TSNode clause{}, require_clause{};
  for (uint32_t i = 0; i < count; ++i) {
    TSNode c = ts_node_child(n, i);
    Kind kind = k_.of(c);
    if (kind == Kind::type_kw && i == 1) type_only = true;
    if (kind == Kind::import_clause) clause = c;
    if (kind == Kind::import_require_clause) require_clause = c;
  }
  if (!ts_node_is_null(require_clause)) {  // import x = require('y')
    TSNode s = field(require_clause, k_.f_source);
    if (!literal(s, spec)) return add_dynamic(ImportKind::require, require_clause);
    auto& r = add_import(ImportKind::require, spec, s);
    r.type_only = type_only;
    r.is_namespace = r.whole = true;
    return;
  }
  if (!literal(src, spec)) return;
  auto& r = add_import(ImportKind::static_import, spec, src);
  r.type_only = type_only;
  if (ts_node_is_null(clause)) {
    r.side_effect = true;
    return;
  }
  uint32_t cc = ts_node_named_child_count(clause);
  for (uint32_t i = 0; i < cc; ++i) {
    TSNode c = ts_node_named_child(clause, i);
    Kind kind = k_.of(c);
    if (kind == Kind::identifier) {
      r.names.push_back("default");
      r.name_is_type.push_back(type_only);
    } else if (kind == Kind::namespace_import) {
      r.is_namespace = true;
      TSNode id = ts_node_named_child(c, 0);
      if (!ts_node_is_null(id)) namespaces_.emplace_back(std::string(text(id)), facts_.imports.size() - 1);
    } else if (kind == Kind::named_imports) {
      uint32_t sc = ts_node_named_child_count(c);
      for (uint32_t j = 0; j < sc; ++j) {
        TSNode s = ts_node_named_child(c, j);
        if (k_.of(s) != Kind::import_specifier) continue;
        r.names.push_back(name_of(field(s, k_.f_name)));
        r.name_is_type.push_back(type_only || has_child(s, Kind::type_kw));
      }
    }
  }
}

void Walker::add_export(std::string name, ExportKind kind, bool type_only, TSNode pos, TSNode stmt, bool removable) {
  for (auto& e : facts_.exports)
    if (e.name == name) return;  // overloads, declaration merging: the first one counts
  auto& e = facts_.exports.emplace_back();
  e.name = std::move(name);
  e.kind = kind;
  e.type_only = type_only;
  at(pos, e.line, e.column);
  if (!ts_node_is_null(stmt)) {
    e.begin = ts_node_start_byte(stmt);
    if (removable) {
      // `export ` up to the declaration: what --fix removes.
      TSNode first = ts_node_child(stmt, 0);
      if (k_.of(first) == Kind::export_kw) e.keyword_end = ts_node_end_byte(first);
    }
  }
}

void Walker::pattern_names(TSNode pat, TSNode stmt, ExportKind kind) {
  switch (k_.of(pat)) {
    case Kind::identifier:
    case Kind::shorthand_property_identifier_pattern:
      add_export(std::string(text(pat)), kind, false, pat, stmt, false);
      return;
    case Kind::pair_pattern: pattern_names(field(pat, k_.f_value), stmt, kind); return;
    case Kind::assignment_pattern: pattern_names(field(pat, k_.f_left), stmt, kind); return;
    case Kind::object_pattern:
    case Kind::array_pattern:
    case Kind::rest_pattern: {
      uint32_t count = ts_node_named_child_count(pat);
      for (uint32_t i = 0; i < count; ++i) pattern_names(ts_node_named_child(pat, i), stmt, kind);
      return;
    }
    default: return;
  }
}

void Walker::export_declaration(TSNode decl, TSNode stmt, bool ambient) {
  TSNode name = field(decl, k_.f_name);
  switch (k_.of(decl)) {
    case Kind::lexical_declaration:
    case Kind::variable_declaration: {
      uint32_t count = ts_node_named_child_count(decl);
      bool single = true;
      for (uint32_t i = 0, seen = 0; i < count; ++i)
        if (k_.of(ts_node_named_child(decl, i)) == Kind::variable_declarator && ++seen > 1) single = false;
      for (uint32_t i = 0; i < count; ++i) {
        TSNode d = ts_node_named_child(decl, i);
        if (k_.of(d) != Kind::variable_declarator) continue;
        TSNode id = field(d, k_.f_name);
        if (is(id, Kind::identifier)) add_export(std::string(text(id)), ExportKind::value, false, id, stmt, single && !ambient);
        else pattern_names(id, stmt, ExportKind::value);
      }
      return;
    }
    case Kind::function_declaration:
    case Kind::generator_function_declaration:
    case Kind::function_signature:
      if (!ts_node_is_null(name)) add_export(std::string(text(name)), ExportKind::function, false, name, stmt, !ambient);
      return;
    case Kind::class_declaration:
    case Kind::abstract_class_declaration:
      if (!ts_node_is_null(name)) add_export(std::string(text(name)), ExportKind::class_, false, name, stmt, !ambient);
      return;
    case Kind::interface_declaration:
      add_export(std::string(text(name)), ExportKind::interface, true, name, stmt, true);
      return;
    case Kind::type_alias_declaration:
      add_export(std::string(text(name)), ExportKind::type, true, name, stmt, true);
      return;
    case Kind::enum_declaration:
      add_export(std::string(text(name)), ExportKind::enum_, false, name, stmt, !ambient);
      return;
    case Kind::internal_module:
    case Kind::module:
      if (!ts_node_is_null(name)) add_export(std::string(text(name)), ExportKind::namespace_, false, name, stmt, !ambient);
      return;
    case Kind::ambient_declaration: {  // export declare …
      uint32_t count = ts_node_named_child_count(decl);
      for (uint32_t i = 0; i < count; ++i) export_declaration(ts_node_named_child(decl, i), stmt, true);
      return;
    }
    default: return;
  }
}

void Walker::on_export(TSNode n) {
  TSNode decl = field(n, k_.f_declaration);
  TSNode src = field(n, k_.f_source);
  bool type_only = false, is_default = false, equals = false, star = false;
  TSNode clause{}, ns_export{}, default_kw{};
  uint32_t count = ts_node_child_count(n);
  for (uint32_t i = 0; i < count; ++i) {
    TSNode c = ts_node_child(n, i);
    switch (k_.of(c)) {
      case Kind::type_kw: type_only = true; break;
      case Kind::default_kw: is_default = true, default_kw = c; break;
      case Kind::eq_kw: equals = true; break;
      case Kind::star_kw: star = true; break;
      case Kind::export_clause: clause = c; break;
      case Kind::namespace_export: ns_export = c; break;
      default: break;
    }
  }
  if (equals) {
    facts_.export_equals = true;
    return;
  }
  if (is_default) {
    add_export("default", ExportKind::default_, false, default_kw, n, false);
    return;
  }
  if (!ts_node_is_null(decl)) return export_declaration(decl, n, false);
  std::string spec;
  bool from = literal(src, spec);
  ImportRecord* rec = nullptr;
  if (from) {
    rec = &add_import(ImportKind::reexport, spec, src);
    rec->type_only = type_only;
  }
  if (!ts_node_is_null(ns_export)) {  // export * as ns from 's'
    TSNode id = ts_node_named_child(ns_export, 0);
    std::string name = name_of(id);
    if (rec) rec->star_as = name, rec->is_namespace = rec->whole = true;
    add_export(name, ExportKind::namespace_, type_only, id, n, false);
    return;
  }
  if (star) {
    if (rec) rec->star = true;
    return;
  }
  if (ts_node_is_null(clause)) return;
  uint32_t sc = ts_node_named_child_count(clause);
  for (uint32_t j = 0; j < sc; ++j) {
    TSNode s = ts_node_named_child(clause, j);
    if (k_.of(s) != Kind::export_specifier) continue;
    TSNode name = field(s, k_.f_name), alias = field(s, k_.f_alias);
    bool spec_type = type_only || has_child(s, Kind::type_kw);
    std::string local = name_of(name);
    std::string exported = ts_node_is_null(alias) ? local : name_of(alias);
    if (rec) {
      rec->names.push_back(local);
      rec->aliases.push_back(exported);
      rec->name_is_type.push_back(spec_type);
    }
    add_export(exported, spec_type ? ExportKind::type : ExportKind::value, spec_type,
               ts_node_is_null(alias) ? name : alias, n, false);
  }
}

// module.exports = …, module.exports.x = …, exports.x = … at the top level.
void Walker::on_commonjs(TSNode expr) {
  if (!is(expr, Kind::assignment_expression)) return;
  TSNode left = field(expr, k_.f_left);
  if (!is(left, Kind::member_expression)) return;
  TSNode obj = field(left, k_.f_object), prop = field(left, k_.f_property);
  auto lt = text(left);
  if (lt == "module.exports") {
    facts_.commonjs = true;
    TSNode right = field(expr, k_.f_right);
    if (!is(right, Kind::object)) {
      facts_.export_equals = true;
      return;
    }
    uint32_t count = ts_node_named_child_count(right);
    for (uint32_t i = 0; i < count; ++i) {
      TSNode p = ts_node_named_child(right, i);
      TSNode key = k_.of(p) == Kind::pair ? field(p, k_.f_key) : p;
      if (is(key, Kind::shorthand_property_identifier) || is(key, Kind::property_identifier) || is(key, Kind::string))
        add_export(name_of(key), ExportKind::commonjs, false, key, TSNode{}, false);
    }
    return;
  }
  if (text(obj) == "module.exports" || text(obj) == "exports") {
    facts_.commonjs = true;
    add_export(std::string(text(prop)), ExportKind::commonjs, false, prop, TSNode{}, false);
  }
}

// /// <reference path="…" /> and /// <reference types="…" />
void Walker::on_comment(TSNode n) {
  auto t = text(n);
  if (t.rfind("///", 0) != 0 || t.find("<reference") == std::string_view::npos) return;
  for (auto [attr, type_only] : {std::pair{"path=", false}, std::pair{"types=", true}}) {
    size_t a = t.find(attr);
    if (a == std::string_view::npos) continue;
    size_t q = a + std::strlen(attr);
    if (q >= t.size() || (t[q] != '"' && t[q] != '\'')) continue;
    size_t e = t.find(t[q], q + 1);
    if (e == std::string_view::npos) continue;
    auto& r = add_import(ImportKind::reference, std::string(t.substr(q + 1, e - q - 1)), n);
    r.type_only = type_only;
    r.side_effect = true;
  }
}

}  // namespace detail

}  // namespace kiln::source
