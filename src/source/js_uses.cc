// The whole-tree half of walk_js: calls and `new` expressions that name other files, and
// every use of a namespace import's local name (see js_walker.h).
#include <algorithm>

#include "source/js_walker.h"

namespace kiln::source {

namespace detail {

namespace {
bool same(TSNode a, TSNode b) { return !ts_node_is_null(a) && !ts_node_is_null(b) && ts_node_eq(a, b); }
}  // namespace

void Walker::deep(TSNode root) {
  // Cursor walk with the ancestors kept on a stack: `up.back()` is the parent.
  std::vector<TSNode> up;
  TSTreeCursor cur = ts_tree_cursor_new(root);
  for (;;) {
    TSNode n = ts_tree_cursor_current_node(&cur);
    switch (k_.of(n)) {
      case Kind::call_expression: on_call(n, up); break;
      case Kind::new_expression: on_new(n); break;
      case Kind::identifier:
        if (!namespaces_.empty() && !up.empty()) on_identifier(n, up);
        break;
      case Kind::error:
        if (!facts_.has_errors) facts_.has_errors = true, at(n, facts_.error_line, facts_.error_column);
        break;
      default: break;
    }
    if (ts_tree_cursor_goto_first_child(&cur)) {
      up.push_back(n);
      continue;
    }
    for (;;) {
      if (ts_tree_cursor_goto_next_sibling(&cur)) break;
      if (!ts_tree_cursor_goto_parent(&cur)) {
        ts_tree_cursor_delete(&cur);
        return;
      }
      up.pop_back();
    }
  }
}

// How the value of require()/import() is taken: `const ns = …` (a namespace to follow),
// `const {a, b} = …` (names), `….a` (a name), a bare statement (side effect), else whole.
// `skip` ancestors (an await) are stepped over first.
void Walker::bind(size_t rec_index, const std::vector<TSNode>& up, size_t skip) {
  auto& rec = facts_.imports[rec_index];
  rec.is_namespace = true;
  size_t i = up.size();
  while (skip-- && i > 0 && (k_.of(up[i - 1]) == Kind::await_expression || k_.of(up[i - 1]) == Kind::parenthesized_expression)) --i;
  if (i == 0) return void(rec.whole = true);
  TSNode p = up[i - 1];
  switch (k_.of(p)) {
    case Kind::expression_statement:
      rec.side_effect = true, rec.is_namespace = false;
      return;
    case Kind::member_expression: {
      TSNode prop = field(p, k_.f_property);
      if (!ts_node_is_null(prop) && text(prop) != "then") return void(rec.members.push_back(std::string(text(prop))));
      return void(rec.whole = true);
    }
    case Kind::variable_declarator: {
      TSNode name = field(p, k_.f_name);
      if (is(name, Kind::identifier)) {
        namespaces_.emplace_back(std::string(text(name)), rec_index);
        return;
      }
      if (is(name, Kind::object_pattern)) {
        uint32_t count = ts_node_named_child_count(name);
        for (uint32_t j = 0; j < count; ++j) {
          TSNode c = ts_node_named_child(name, j);
          if (k_.of(c) == Kind::shorthand_property_identifier_pattern) rec.members.push_back(std::string(text(c)));
          else if (k_.of(c) == Kind::pair_pattern) rec.members.push_back(name_of(field(c, k_.f_key)));
          else rec.whole = true;  // ...rest
        }
        return;
      }
      return void(rec.whole = true);
    }
    default: rec.whole = true;
  }
}

void Walker::on_call(TSNode n, const std::vector<TSNode>& up) {
  TSNode fn = field(n, k_.f_function);
  TSNode args = field(n, k_.f_arguments);
  if (ts_node_is_null(fn) || !is(args, Kind::arguments)) return;
  TSNode a0 = first_arg(args);
  std::string spec;
  Kind fk = k_.of(fn);
  if (fk == Kind::import_kw) {
    if (!literal(a0, spec)) return add_dynamic(ImportKind::dynamic_import, ts_node_is_null(a0) ? n : a0);
    add_import(ImportKind::dynamic_import, spec, a0);
    return bind(facts_.imports.size() - 1, up, 2);
  }
  if (fk == Kind::identifier) {
    if (text(fn) != "require" || ts_node_is_null(a0)) return;
    if (!literal(a0, spec)) return add_dynamic(ImportKind::require, a0);
    add_import(ImportKind::require, spec, a0);
    return bind(facts_.imports.size() - 1, up, 1);
  }
  if (fk != Kind::member_expression) return;
  auto ft = text(fn);
  if (ft == "require.resolve") {
    if (!literal(a0, spec)) return add_dynamic(ImportKind::require_resolve, ts_node_is_null(a0) ? n : a0);
    add_import(ImportKind::require_resolve, spec, a0).side_effect = true;
  } else if (ft == "import.meta.glob" || ft == "import.meta.globEager") {
    if (literal(a0, spec)) {
      auto& r = add_import(ImportKind::glob, spec, a0);
      r.is_namespace = r.whole = true;
    } else if (is(a0, Kind::array)) {
      uint32_t count = ts_node_named_child_count(a0);
      for (uint32_t i = 0; i < count; ++i) {
        TSNode e = ts_node_named_child(a0, i);
        if (!literal(e, spec)) {
          add_dynamic(ImportKind::glob, e);
          continue;
        }
        auto& r = add_import(ImportKind::glob, spec, e);
        r.is_namespace = r.whole = true;
      }
    } else if (!ts_node_is_null(a0)) {
      add_dynamic(ImportKind::glob, a0);
    }
  }
}

// new URL('s', import.meta.url), new Worker(new URL(…)), new Worker('s').
void Walker::on_new(TSNode n) {
  TSNode ctor = field(n, k_.f_constructor);
  TSNode args = field(n, k_.f_arguments);
  if (!is(ctor, Kind::identifier) || !is(args, Kind::arguments)) return;
  auto name = text(ctor);
  TSNode a0 = first_arg(args);
  std::string spec;
  if (name == "URL") {
    if (n.id == taken_url_) return;
    uint32_t count = ts_node_named_child_count(args);
    TSNode a1{};
    for (uint32_t i = 0, k = 0; i < count; ++i) {
      TSNode c = ts_node_named_child(args, i);
      if (k_.of(c) == Kind::comment) continue;
      if (k++ == 1) a1 = c;
    }
    if (ts_node_is_null(a1) || text(a1) != "import.meta.url") return;
    if (!literal(a0, spec)) return add_dynamic(ImportKind::url, a0);
    add_import(ImportKind::url, spec, a0).side_effect = true;
  } else if (name == "Worker" || name == "SharedWorker") {
    if (literal(a0, spec)) {
      add_import(ImportKind::worker, spec, a0).side_effect = true;
      return;
    }
    if (!is(a0, Kind::new_expression)) return;
    TSNode inner_ctor = field(a0, k_.f_constructor);
    TSNode inner_args = field(a0, k_.f_arguments);
    if (!is(inner_ctor, Kind::identifier) || text(inner_ctor) != "URL" || !is(inner_args, Kind::arguments)) return;
    TSNode u0 = first_arg(inner_args);
    taken_url_ = a0.id;
    if (!literal(u0, spec)) return add_dynamic(ImportKind::worker, ts_node_is_null(u0) ? a0 : u0);
    add_import(ImportKind::worker, spec, u0).side_effect = true;
  }
}

bool Walker::shadowed(std::string_view name, const std::vector<TSNode>& up) const {
  auto binds = [&](TSNode id) { return !ts_node_is_null(id) && std::string_view(ts_node_type(id)) == "identifier" && text(id) == name; };
  for (size_t i = up.size(); i-- > 1;) {  // up[0] is the module scope: the import itself
    TSNode a = up[i];
    if (binds(ts_node_child_by_field_name(a, "parameter", 9))) return true;  // ns => ns.y
    TSNode params = ts_node_child_by_field_name(a, "parameters", 10);
    if (!ts_node_is_null(params))
      for (uint32_t p = 0; p < ts_node_named_child_count(params); ++p) {
        TSNode param = ts_node_named_child(params, p);  // JS: the identifier; TS: required_parameter
        if (binds(param) || binds(ts_node_child_by_field_name(param, "pattern", 7))) return true;
      }
    std::string_view type = ts_node_type(a);
    if (type != "statement_block" && type != "switch_body") continue;
    for (uint32_t c = 0; c < ts_node_named_child_count(a); ++c) {
      TSNode decl = ts_node_named_child(a, c);
      std::string_view dt = ts_node_type(decl);
      if (dt != "lexical_declaration" && dt != "variable_declaration") continue;
      for (uint32_t d = 0; d < ts_node_named_child_count(decl); ++d)
        if (binds(ts_node_child_by_field_name(ts_node_named_child(decl, d), "name", 4))) return true;
    }
  }
  return false;
}

void Walker::on_identifier(TSNode n, const std::vector<TSNode>& up) {
  auto t = text(n);
  const std::pair<std::string, size_t>* hit = nullptr;
  for (auto& ns : namespaces_)
    if (ns.first == t) hit = &ns;
  if (!hit) return;
  TSNode parent = up.back();
  // A local of the same name (a parameter `ns`, a `const ns` in a block) is not the import.
  if (shadowed(t, up)) return;
  auto& rec = facts_.imports[hit->second];
  switch (k_.of(parent)) {
    case Kind::namespace_import: return;  // the declaration itself
    case Kind::variable_declarator:
      if (same(field(parent, k_.f_name), n)) return;
      break;
    case Kind::member_expression:
      if (same(field(parent, k_.f_object), n)) {
        rec.members.push_back(std::string(text(field(parent, k_.f_property))));
        return;
      }
      break;
    case Kind::nested_type_identifier:
      if (same(field(parent, k_.f_module), n)) {
        rec.members.push_back(std::string(text(field(parent, k_.f_name))));
        return;
      }
      break;
    case Kind::subscript_expression:
      if (same(field(parent, k_.f_object), n)) {
        std::string key;
        if (literal(field(parent, k_.f_index), key)) return void(rec.members.push_back(key));
      }
      break;
    default: break;
  }
  rec.whole = true;  // passed along, spread, computed key: every export may be used
}

void Walker::finish_namespaces() {
  for (auto& r : facts_.imports) {
    if (!r.is_namespace) continue;
    if (r.whole) {
      r.members.clear();
      continue;
    }
    std::sort(r.members.begin(), r.members.end());
    r.members.erase(std::unique(r.members.begin(), r.members.end()), r.members.end());
  }
}

}  // namespace detail

void walk_js(const JsKinds& kinds, TSNode root, std::string_view src, uint32_t line_base, ModuleFacts& facts) {
  detail::Walker w(kinds, src, line_base, facts);
  w.top_level(root);
  w.deep(root);
  w.finish_namespaces();
}

}  // namespace kiln::source
