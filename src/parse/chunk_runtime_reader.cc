// ChunkRuntimeReader: the file name function of webpack 4/5 and Rspack runtimes, read from
// the tree as a concatenation of literals, the chunk id and `{id: value}[id]` lookups (with an
// `|| id` or `|| "text"` fallback), after optional `if (id === 5) return "x.js"` cases or
// their minified ternary form. Anything else in it is reported, not guessed.
#include "parse/chunk_runtime_reader.h"

#include <algorithm>

#include "parse/text_decode.h"

namespace kiln::parse {

std::optional<std::string> chunk_file_name(const ChunkNamer& namer, const std::string& id) {
  auto find = [&](const std::vector<std::pair<std::string, std::string>>& map) -> const std::string* {
    auto it = std::lower_bound(map.begin(), map.end(), id, [](const auto& p, const std::string& k) { return p.first < k; });
    return it != map.end() && it->first == id ? &it->second : nullptr;
  };
  if (const auto* fixed = find(namer.fixed)) return *fixed;
  std::string name;
  for (const auto& part : namer.parts) {
    switch (part.kind) {
      case ChunkNamePart::Kind::text: name += part.text; break;
      case ChunkNamePart::Kind::id: name += id; break;
      case ChunkNamePart::Kind::lookup:
        if (const auto* v = find(part.map)) {
          name += *v;
        } else if (part.fallback == ChunkNamePart::Fallback::id) {
          name += id;
        } else if (part.fallback == ChunkNamePart::Fallback::text) {
          name += part.text;
        } else {
          return std::nullopt;
        }
        break;
    }
  }
  return name;
}

std::string_view ChunkRuntimeReader::text(TSNode n) const {
  uint32_t b = ts_node_start_byte(n);
  return src_.substr(b, ts_node_end_byte(n) - b);
}

TSNode ChunkRuntimeReader::unwrap(TSNode n) const {
  while (is(n, sym_.parenthesized_expression) && ts_node_named_child_count(n) == 1) n = ts_node_named_child(n, 0);
  return n;
}

std::optional<std::string> ChunkRuntimeReader::string_value(TSNode n) const {
  n = unwrap(n);
  if (is(n, sym_.number)) return std::string(text(n));
  if (!is(n, sym_.string)) return std::nullopt;
  std::string_view t = text(n);
  if (t.size() < 2) return std::nullopt;
  t = t.substr(1, t.size() - 2);
  return t.find('\\') == std::string_view::npos ? std::string(t) : decode_js_string(t);
}

namespace {

void sort_pairs(std::vector<std::pair<std::string, std::string>>& v) {
  std::stable_sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  v.erase(std::unique(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.first == b.first; }), v.end());
}

}  // namespace

// `{"543": "a1b2", 12: "x"}[id]`, optionally `|| id` or `|| "text"`.
bool ChunkRuntimeReader::read_lookup(TSNode n, std::string_view param, ChunkNamePart& out) const {
  n = unwrap(n);
  if (is(n, sym_.binary_expression) && text(ts_node_child_by_field_id(n, sym_.f_operator)) == "||") {
    TSNode right = unwrap(ts_node_child_by_field_id(n, sym_.f_right));
    if (is(right, sym_.identifier) && text(right) == param) {
      out.fallback = ChunkNamePart::Fallback::id;
    } else if (auto v = string_value(right)) {
      out.fallback = ChunkNamePart::Fallback::text;
      out.text = *v;
    } else {
      return false;
    }
    n = unwrap(ts_node_child_by_field_id(n, sym_.f_left));
  }
  if (!is(n, sym_.subscript_expression)) return false;
  TSNode index = unwrap(ts_node_child_by_field_id(n, sym_.f_index));
  TSNode obj = unwrap(ts_node_child_by_field_id(n, sym_.f_object));
  if (!is(index, sym_.identifier) || text(index) != param || !is(obj, sym_.object)) return false;
  out.kind = ChunkNamePart::Kind::lookup;
  uint32_t count = ts_node_named_child_count(obj);
  for (uint32_t i = 0; i < count; ++i) {
    TSNode p = ts_node_named_child(obj, i);
    if (!is(p, sym_.pair)) return false;
    TSNode key = ts_node_child_by_field_id(p, sym_.f_key);
    auto k = is(key, sym_.property_identifier) ? std::optional<std::string>(std::string(text(key))) : string_value(key);
    auto v = string_value(ts_node_child_by_field_id(p, sym_.f_value));
    if (!k || !v) return false;
    out.map.emplace_back(std::move(*k), std::move(*v));
  }
  sort_pairs(out.map);
  return true;
}

// `a + b + …` of literals, the id, lookups; `X.p` (the public path) only as the first term.
bool ChunkRuntimeReader::read_concat(TSNode n, std::string_view param, ChunkNamer& out, std::string& why,
                                     std::string* object) const {
  n = unwrap(n);
  if (is(n, sym_.binary_expression) && text(ts_node_child_by_field_id(n, sym_.f_operator)) == "+") {
    return read_concat(ts_node_child_by_field_id(n, sym_.f_left), param, out, why, object) &&
           read_concat(ts_node_child_by_field_id(n, sym_.f_right), param, out, why, object);
  }
  ChunkNamePart part;
  if (auto v = string_value(n)) {
    part.text = *v;
  } else if (is(n, sym_.identifier) && text(n) == param) {
    part.kind = ChunkNamePart::Kind::id;
  } else if (read_lookup(n, param, part)) {
  } else if (object && out.parts.empty() && is(n, sym_.member_expression) &&
             text(ts_node_child_by_field_id(n, sym_.f_property)) == "p" &&
             is(ts_node_child_by_field_id(n, sym_.f_object), sym_.identifier)) {
    *object = std::string(text(ts_node_child_by_field_id(n, sym_.f_object)));
    return true;  // the public path, added by the graph
  } else {
    why = "the chunk file name function uses '" + std::string(excerpt(text(n), 40)) +
          "', not only strings, the chunk id and id maps";
    return false;
  }
  out.parts.push_back(std::move(part));
  return true;
}

// `id === 5` or `5 === id` (also ==).
bool ChunkRuntimeReader::read_fixed(TSNode cond, std::string_view param, std::string& id) const {
  cond = unwrap(cond);
  if (!is(cond, sym_.binary_expression)) return false;
  std::string_view op = text(ts_node_child_by_field_id(cond, sym_.f_operator));
  if (op != "===" && op != "==") return false;
  TSNode l = unwrap(ts_node_child_by_field_id(cond, sym_.f_left)), r = unwrap(ts_node_child_by_field_id(cond, sym_.f_right));
  if (is(r, sym_.identifier) && text(r) == param) std::swap(l, r);
  if (!is(l, sym_.identifier) || text(l) != param) return false;
  auto v = string_value(r);
  if (!v) return false;
  id = *v;
  return true;
}

// A function body: statements `if (id === 5) return "x";` then `return <concat>;`, or an
// expression (arrow), possibly `id === 5 ? "x" : <concat>`.
bool ChunkRuntimeReader::read_body(TSNode n, std::string_view param, ChunkNamer& out, std::string& why,
                                   std::string* object) const {
  n = unwrap(n);
  if (is(n, sym_.statement_block)) {
    uint32_t count = ts_node_named_child_count(n);
    for (uint32_t i = 0; i < count; ++i) {
      TSNode st = ts_node_named_child(n, i);
      if (is(st, sym_.comment)) continue;
      if (is(st, sym_.if_statement)) {
        std::string id;
        TSNode cons = ts_node_child_by_field_id(st, sym_.f_consequence);
        if (is(cons, sym_.statement_block) && ts_node_named_child_count(cons) == 1) cons = ts_node_named_child(cons, 0);
        std::optional<std::string> v;
        if (read_fixed(ts_node_child_by_field_id(st, sym_.f_condition), param, id) && is(cons, sym_.return_statement) &&
            ts_node_named_child_count(cons) == 1 && (v = string_value(ts_node_named_child(cons, 0)))) {
          out.fixed.emplace_back(id, *v);
          continue;
        }
        why = "the chunk file name function has a condition kiln does not read";
        return false;
      }
      if (is(st, sym_.return_statement) && ts_node_named_child_count(st) == 1)
        return read_body(ts_node_named_child(st, 0), param, out, why, object);
      why = "the chunk file name function has a statement other than if/return";
      return false;
    }
    why = "the chunk file name function returns nothing";
    return false;
  }
  if (is(n, sym_.ternary_expression)) {
    std::string id;
    auto v = string_value(ts_node_child_by_field_id(n, sym_.f_consequence));
    if (read_fixed(ts_node_child_by_field_id(n, sym_.f_condition), param, id) && v) {
      out.fixed.emplace_back(id, *v);
      return read_body(ts_node_child_by_field_id(n, sym_.f_alternative), param, out, why, object);
    }
  }
  return read_concat(n, param, out, why, object);
}

bool ChunkRuntimeReader::read_namer(TSNode fn, ChunkNamer& out, std::string& why, std::string* object) const {
  fn = unwrap(fn);
  if (!is(fn, sym_.arrow_function) && !is(fn, sym_.function_expression) && !is(fn, sym_.function_declaration)) {
    why = "the chunk file name is not a function";
    return false;
  }
  TSNode param = ts_node_child_by_field_id(fn, sym_.f_parameter);
  if (ts_node_is_null(param)) {
    TSNode params = ts_node_child_by_field_id(fn, sym_.f_parameters);
    if (is(params, sym_.formal_parameters) && ts_node_named_child_count(params) == 1) param = ts_node_named_child(params, 0);
  }
  if (!is(param, sym_.identifier)) {
    why = "the chunk file name function does not take one chunk id";
    return false;
  }
  if (!read_body(ts_node_child_by_field_id(fn, sym_.f_body), text(param), out, why, object)) return false;
  sort_pairs(out.fixed);
  return true;
}

void ChunkRuntimeReader::on_assignment(TSNode n) {
  TSNode left = ts_node_child_by_field_id(n, sym_.f_left);
  if (!is(left, sym_.member_expression)) return;
  TSNode obj = ts_node_child_by_field_id(left, sym_.f_object);
  if (!is(obj, sym_.identifier)) return;
  std::string_view prop = text(ts_node_child_by_field_id(left, sym_.f_property));
  TSNode right = ts_node_child_by_field_id(n, sym_.f_right);
  if (prop == "p") {
    if (auto v = string_value(right)) public_paths_.emplace_back(std::string(text(obj)), *v);
    return;
  }
  if (prop != "u" && prop != "miniCssF") return;
  TSNode fn = unwrap(right);
  if (!is(fn, sym_.arrow_function) && !is(fn, sym_.function_expression)) return;
  ChunkNamer namer;
  namer.css = prop == "miniCssF";
  std::string why;
  if (!found_) byte_ = ts_node_start_byte(n);
  found_ = true;
  if (read_namer(fn, namer, why, nullptr)) {
    if (object_.empty()) object_ = std::string(text(obj));
    namers_.push_back(std::move(namer));
  } else if (problem_.empty()) {
    problem_ = why;
  }
}

void ChunkRuntimeReader::on_function(TSNode n) {
  // Only the shape of jsonpScriptSrc: a public path, then the id, ending in ".js".
  ChunkNamer namer;
  std::string why, object;
  if (!read_namer(n, namer, why, &object) || object.empty() || namer.parts.empty()) return;
  const auto& last = namer.parts.back();
  bool has_id = std::any_of(namer.parts.begin(), namer.parts.end(),
                            [](const ChunkNamePart& p) { return p.kind != ChunkNamePart::Kind::text; });
  if (!has_id || last.kind != ChunkNamePart::Kind::text || last.text.size() < 3 ||
      last.text.compare(last.text.size() - 3, 3, ".js") != 0)
    return;
  if (!found_) byte_ = ts_node_start_byte(n);
  found_ = true;
  if (object_.empty()) object_ = object;
  namers_.push_back(std::move(namer));
}

void ChunkRuntimeReader::on_member(TSNode n) {
  if (!global_.empty()) return;
  std::optional<std::string> name;
  if (is(n, sym_.member_expression)) {
    name = std::string(text(ts_node_child_by_field_id(n, sym_.f_property)));
  } else if (is(n, sym_.subscript_expression)) {
    name = string_value(ts_node_child_by_field_id(n, sym_.f_index));
  }
  if (name && (name->rfind("webpackChunk", 0) == 0 || name->rfind("webpackJsonp", 0) == 0)) global_ = *name;
}

TSNode ChunkRuntimeReader::chunk_call(TSNode call, std::string& rel) const {
  TSNode fn = ts_node_child_by_field_id(call, sym_.f_function);
  TSNode args = ts_node_child_by_field_id(call, sym_.f_arguments);
  if (!is(fn, sym_.member_expression) || !is(args, sym_.arguments)) return {};
  if (!is(ts_node_child_by_field_id(fn, sym_.f_object), sym_.identifier)) return {};
  std::string_view prop = text(ts_node_child_by_field_id(fn, sym_.f_property));
  if (prop == "e") {
    rel.clear();
  } else if (prop == "E") {
    rel = "prefetch";
  } else if (prop == "G") {
    rel = "preload";
  } else {
    return {};
  }
  // One argument, comments aside (`__webpack_require__.e(/*! import() */ "src_x_js")`).
  TSNode a{};
  uint32_t count = ts_node_named_child_count(args);
  for (uint32_t i = 0; i < count; ++i) {
    TSNode c = ts_node_named_child(args, i);
    if (is(c, sym_.comment)) continue;
    if (!ts_node_is_null(a)) return {};
    a = c;
  }
  return is(a, sym_.number) || is(a, sym_.string) ? a : TSNode{};
}

std::optional<ChunkRuntime> ChunkRuntimeReader::result(uint32_t& runtime_byte) const {
  if (!found_) return std::nullopt;
  ChunkRuntime rt;
  runtime_byte = byte_;
  if (namers_.empty()) {
    rt.problem = problem_;
    return rt;
  }
  rt.namers = namers_;
  for (const auto& [obj, value] : public_paths_)
    if (obj == object_) {
      rt.public_path = value;
      break;
    }
  return rt;
}

}  // namespace kiln::parse
