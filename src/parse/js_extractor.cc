#include "parse/js_extractor.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "parse/chunk_runtime_reader.h"
#include "parse/grammars.h"
#include "parse/js_scanner.h"
#include "parse/nesting.h"
#include "parse/source_map_comment.h"
#include "parse/text_decode.h"

namespace kiln::parse {

namespace {

constexpr TSSymbol kErrorSymbol = static_cast<TSSymbol>(-1);  // ts_builtin_sym_error

struct Range {
  uint32_t begin, end;
};

class Walker {
 public:
  Walker(const JsSymbols& sym, std::string_view src, uint32_t base, bool module_context, Extraction& ex)
      : sym_(sym), src_(src), base_(base), module_context_(module_context), ex_(ex), runtime_(sym, src) {}

  // Walks the tree of `src`, or of one piece of it after another, in order.
  void walk(TSNode root, uint32_t from = 0);
  void find_triggers();  // once
  // From now on, look only at nodes inside [begin, end); descend through the others.
  void only_inside(uint32_t begin, uint32_t end) { inside_ = {begin, end}; }
  void recover();
  void finish_chunks();

 private:
  bool visit(TSNode n, uint32_t depth);
  void on_call(TSNode n);
  void on_new(TSNode n);
  void add_script_target(RefKind kind, TSNode args);
  void on_error(TSNode n, uint32_t depth);
  bool on_vite_preload(TSNode args);
  void find_preload_list(TSNode n);
  void add_preload_list(TSNode array);
  bool is_tagged_template_escape(TSNode n) const;

  std::string_view text(TSNode n) const {
    uint32_t b = ts_node_start_byte(n);
    return src_.substr(b, ts_node_end_byte(n) - b);
  }
  bool is(TSNode n, TSSymbol s) const { return !ts_node_is_null(n) && ts_node_symbol(n) == s; }
  // The k-th argument, skipping comments (`import(/* webpackChunkName: "x" */ './x.js')`).
  TSNode arg(TSNode args, uint32_t k) const;
  // A string or a template literal without substitutions: its content range, local.
  bool literal(TSNode n, Range& r) const;
  bool is_import_meta_url(TSNode n) const;
  bool has_type_keyword(TSNode n) const;
  Reference& add(RefKind kind, TSNode spec);       // spec: a literal node
  Reference& add_unknown(RefKind kind, TSNode expr);

  const JsSymbols& sym_;
  std::string_view src_;
  uint32_t base_;
  bool module_context_;
  Extraction& ex_;
  size_t first_ref_ = ex_.file.refs.size();
  const void* skip_id_ = nullptr;  // a new URL(…) already taken as a worker's specifier
  Range top_{0, 0};                // the top-level statement being walked
  Range inside_{0, UINT32_MAX};    // nodes outside it are only descended through
  std::vector<Range> damaged_;
  // Where the words every reference form contains occur, in order (see find_triggers).
  std::vector<uint32_t> triggers_;
  size_t next_trigger_ = 0;
  bool triggers_found_ = false;
  ChunkRuntimeReader runtime_;
  size_t chunk_refs_ = 0;  // js_chunk refs added, kept only in a file that is webpack's
};

TSNode Walker::arg(TSNode args, uint32_t k) const {
  uint32_t count = ts_node_named_child_count(args);
  for (uint32_t i = 0; i < count; ++i) {
    TSNode c = ts_node_named_child(args, i);
    if (ts_node_symbol(c) == sym_.comment) continue;
    if (k-- == 0) return c;
  }
  return TSNode{};
}

bool Walker::literal(TSNode n, Range& r) const {
  if (ts_node_is_null(n)) return false;
  TSSymbol s = ts_node_symbol(n);
  if (s == sym_.template_string) {
    uint32_t count = ts_node_named_child_count(n);
    for (uint32_t i = 0; i < count; ++i)
      if (ts_node_symbol(ts_node_named_child(n, i)) == sym_.template_substitution) return false;
  } else if (s != sym_.string) {
    return false;
  }
  uint32_t b = ts_node_start_byte(n), e = ts_node_end_byte(n);
  if (e - b < 2) return false;
  r = {b + 1, e - 1};
  return true;
}

bool Walker::is_import_meta_url(TSNode n) const {
  if (!is(n, sym_.member_expression)) return false;
  return is(ts_node_child_by_field_id(n, sym_.f_object), sym_.meta_property) &&
         text(ts_node_child_by_field_id(n, sym_.f_property)) == "url";
}

bool Walker::has_type_keyword(TSNode n) const {
  if (sym_.type_kw == 0) return false;
  uint32_t count = ts_node_child_count(n);
  for (uint32_t i = 0; i < count && i < 3; ++i) {
    TSNode c = ts_node_child(n, i);
    if (!ts_node_is_named(c) && ts_node_symbol(c) == sym_.type_kw) return true;
  }
  return false;
}

Reference& Walker::add(RefKind kind, TSNode spec) {
  Range r{};
  literal(spec, r);
  Reference ref;
  ref.kind = kind;
  ref.begin = base_ + r.begin;
  ref.end = base_ + r.end;
  std::string_view raw = src_.substr(r.begin, r.end - r.begin);
  if (raw.find('\\') != std::string_view::npos) {
    ref.specifier = decode_js_string(raw);
    ref.decoded = ref.specifier != raw;
  } else {
    ref.specifier.assign(raw);
  }
  ref.is_module = module_context_;
  ex_.file.refs.push_back(std::move(ref));
  return ex_.file.refs.back();
}

Reference& Walker::add_unknown(RefKind kind, TSNode expr) {
  Reference ref;
  ref.kind = kind;
  ref.known = false;
  if (!ts_node_is_null(expr)) {
    ref.begin = base_ + ts_node_start_byte(expr);
    ref.end = base_ + ts_node_end_byte(expr);
  }
  ref.is_module = module_context_;
  ex_.file.refs.push_back(std::move(ref));
  return ex_.file.refs.back();
}

void Walker::on_call(TSNode n) {
  TSNode fn = ts_node_child_by_field_id(n, sym_.f_function);
  TSNode args = ts_node_child_by_field_id(n, sym_.f_arguments);
  if (!is(args, sym_.arguments)) return;  // a tagged template
  TSSymbol fs = ts_node_symbol(fn);
  Range r{};
  if (fs == sym_.import_kw) {
    TSNode a = arg(args, 0);
    if (literal(a, r)) {
      add(RefKind::js_dynamic_import, a);
    } else {
      add_unknown(RefKind::js_dynamic_import, a);
    }
    return;
  }
  if (on_vite_preload(args)) return;
  std::string rel;
  if (TSNode id = runtime_.chunk_call(n, rel); !ts_node_is_null(id)) {
    Reference& ref = add(RefKind::js_chunk, id);
    if (ts_node_symbol(id) == sym_.number) ref.specifier.assign(text(id)), ref.begin = base_ + ts_node_start_byte(id),
                                           ref.end = base_ + ts_node_end_byte(id);
    ref.rel = rel;
    ++chunk_refs_;
    return;
  }
  std::string_view name;
  if (fs == sym_.identifier) {
    name = text(fn);
  } else if (fs == sym_.member_expression) {
    name = text(ts_node_child_by_field_id(fn, sym_.f_property));
    if (name == "register") {
      // navigator.serviceWorker.register(…) or anything.serviceWorker.register(…)
      TSNode obj = ts_node_child_by_field_id(fn, sym_.f_object);
      bool sw = (is(obj, sym_.member_expression) &&
                 text(ts_node_child_by_field_id(obj, sym_.f_property)) == "serviceWorker") ||
                (is(obj, sym_.identifier) && text(obj) == "serviceWorker");
      if (sw) add_script_target(RefKind::js_service_worker, args);
      return;
    }
    if (name != "importScripts") return;  // self.importScripts(…) counts; a.require(…) does not
  } else {
    return;
  }
  if (name == "require") {
    TSNode a = arg(args, 0);
    if (ts_node_is_null(a)) return;
    if (literal(a, r)) {
      add(RefKind::js_require, a);
    } else {
      add_unknown(RefKind::js_require, a);
    }
  } else if (name == "importScripts") {
    for (uint32_t k = 0;; ++k) {
      TSNode a = arg(args, k);
      if (ts_node_is_null(a)) break;
      if (literal(a, r)) {
        add(RefKind::js_import_scripts, a);
      } else {
        add_unknown(RefKind::js_import_scripts, a);
      }
    }
  }
}

void Walker::on_new(TSNode n) {
  TSNode ctor = ts_node_child_by_field_id(n, sym_.f_constructor);
  TSNode args = ts_node_child_by_field_id(n, sym_.f_arguments);
  if (!is(ctor, sym_.identifier) || !is(args, sym_.arguments)) return;
  std::string_view name = text(ctor);
  Range r{};
  if (name == "URL") {
    if (!is_import_meta_url(arg(args, 1))) return;  // new URL(x, location.href) is not a file ref
    TSNode a = arg(args, 0);
    if (literal(a, r)) {
      add(RefKind::js_url, a);
    } else {
      add_unknown(RefKind::js_url, a);
    }
    return;
  }
  if (name == "Worker" || name == "SharedWorker") add_script_target(RefKind::js_worker, args);
}

// new Worker(…) and serviceWorker.register(…): a literal, or new URL('…', import.meta.url)
// taken as one reference of `kind` (not also a js_url), and {type: 'module'} in the options.
void Walker::add_script_target(RefKind kind, TSNode args) {
  TSNode a = arg(args, 0);
  if (ts_node_is_null(a)) return;
  Range r{};
  Reference* ref = nullptr;
  if (literal(a, r)) {
    ref = &add(kind, a);
  } else if (is(a, sym_.new_expression) && text(ts_node_child_by_field_id(a, sym_.f_constructor)) == "URL") {
    TSNode inner = ts_node_child_by_field_id(a, sym_.f_arguments);
    TSNode spec = is(inner, sym_.arguments) ? arg(inner, 0) : TSNode{};
    if (is(inner, sym_.arguments) && is_import_meta_url(arg(inner, 1)) && literal(spec, r)) {
      ref = &add(kind, spec);
      skip_id_ = a.id;
    }
  }
  if (!ref) ref = &add_unknown(kind, a);
  TSNode options = arg(args, 1);
  if (is(options, sym_.object)) {
    uint32_t count = ts_node_named_child_count(options);
    for (uint32_t i = 0; i < count; ++i) {
      TSNode p = ts_node_named_child(options, i);
      if (!is(p, sym_.pair)) continue;
      std::string_view key = text(ts_node_child_by_field_id(p, sym_.f_key));
      std::string_view value = text(ts_node_child_by_field_id(p, sym_.f_value));
      if ((key == "type" || key == "'type'" || key == "\"type\"") && (value == "'module'" || value == "\"module\""))
        ref->is_module = true;
    }
  }
}

// tree-sitter-javascript 0.23.1 rejects an escape that is not one (\u or \x without hex
// digits, \1-\9) inside a tagged template, which ES2018 allows: the cooked string is
// undefined, the raw one is the text (String.raw`{\rtf1\uc1` in swagger-ui's bundles). Such
// an ERROR sits in a template_string that is a call's arguments (possibly under another
// ERROR) and starts at the backslash; nothing else in the tree is damaged, so it is neither
// reported nor scanned again.
bool Walker::is_tagged_template_escape(TSNode n) const {
  if (ts_node_is_missing(n)) return false;
  std::string_view t = text(n);
  if (t.size() < 2 || t[0] != '\\' || !(t[1] == 'u' || t[1] == 'x' || (t[1] >= '1' && t[1] <= '9')))
    return false;
  TSNode tmpl = ts_node_parent(n);
  while (!ts_node_is_null(tmpl) && ts_node_symbol(tmpl) == kErrorSymbol) tmpl = ts_node_parent(tmpl);
  if (ts_node_is_null(tmpl) || ts_node_symbol(tmpl) != sym_.template_string) return false;
  TSNode call = ts_node_parent(tmpl);
  return !ts_node_is_null(call) && ts_node_symbol(call) == sym_.call_expression &&
         ts_node_eq(ts_node_child_by_field_id(call, sym_.f_arguments), tmpl);
}

void Walker::on_error(TSNode n, uint32_t depth) {
  uint32_t b = ts_node_start_byte(n);
  if (ts_node_is_missing(n)) {
    ex_.note_error(base_ + b, std::string("missing '") + ts_node_type(n) + "'" + kGrammarNote);
  } else {
    std::string_view near = excerpt(src_.substr(b, ts_node_end_byte(n) - b), 24);
    ex_.note_error(base_ + b, "unexpected '" + std::string(near) + "'" + kGrammarNote);
  }
  // The damaged region: the whole top-level statement around the error (the lexical scan
  // needs a clean start), and its neighbours when the error is itself at the top level, since
  // the parser may have ended the statement before too early or resynchronised late.
  if (depth <= 1) {
    Range r{ts_node_start_byte(n), ts_node_end_byte(n)};
    TSNode prev = ts_node_prev_sibling(n), next = ts_node_next_sibling(n);
    if (depth == 0) r = {0, static_cast<uint32_t>(src_.size())};
    if (!ts_node_is_null(prev)) r.begin = std::min(r.begin, ts_node_start_byte(prev));
    if (!ts_node_is_null(next)) r.end = std::max(r.end, ts_node_end_byte(next));
    damaged_.push_back(r);
  } else {
    damaged_.push_back(top_);
  }
}

bool Walker::visit(TSNode n, uint32_t depth) {
  uint32_t b = ts_node_start_byte(n);
  if (depth == 1) top_ = {b, ts_node_end_byte(n)};
  // A subtree without any trigger word and without errors cannot hold a reference: skip it.
  // Nodes come in document order, so the trigger index only moves forward.
  while (next_trigger_ < triggers_.size() && triggers_[next_trigger_] < b) ++next_trigger_;
  if ((next_trigger_ == triggers_.size() || triggers_[next_trigger_] >= ts_node_end_byte(n)) && !ts_node_has_error(n))
    return false;
  if (b < inside_.begin || ts_node_end_byte(n) > inside_.end) return true;
  TSSymbol s = ts_node_symbol(n);
  if (s == kErrorSymbol || ts_node_is_missing(n)) {
    if (is_tagged_template_escape(n)) return false;
    on_error(n, depth);
    return true;
  }
  if (s == sym_.call_expression) {
    on_call(n);
  } else if (s == sym_.new_expression) {
    if (n.id == skip_id_) return false;
    on_new(n);
  } else if (s == sym_.import_statement) {
    ex_.file.is_module = true;
    TSNode source = ts_node_child_by_field_id(n, sym_.f_source);
    if (!ts_node_is_null(source)) {
      add(RefKind::js_import, source).type_only = has_type_keyword(n);
      return false;
    }
    uint32_t count = ts_node_named_child_count(n);  // TS: import x = require('…')
    for (uint32_t i = 0; i < count; ++i) {
      TSNode c = ts_node_named_child(n, i);
      if (is(c, sym_.import_require_clause)) {
        TSNode src = ts_node_child_by_field_id(c, sym_.f_source);
        if (!ts_node_is_null(src)) add(RefKind::js_require, src).type_only = has_type_keyword(n);
      }
    }
    return false;
  } else if (s == sym_.export_statement) {
    ex_.file.is_module = true;
    TSNode source = ts_node_child_by_field_id(n, sym_.f_source);
    if (!ts_node_is_null(source)) {
      add(RefKind::js_export_from, source).type_only = has_type_keyword(n);
      return false;
    }
  } else if (s == sym_.meta_property) {
    ex_.file.is_module = true;  // import.meta only parses in modules
  } else if (s == sym_.string || s == sym_.comment) {
    return false;
  } else if (s == sym_.variable_declarator || s == sym_.assignment_expression) {
    // Vite 5.1+: const __vite__mapDeps=(i,m=__vite__mapDeps,d=(m.f||(m.f=["assets/a.js",…])))=>…
    TSNode name = ts_node_child_by_field_id(n, s == sym_.variable_declarator ? sym_.f_name : sym_.f_left);
    if (text(name) == "__vite__mapDeps") {
      TSNode value = ts_node_child_by_field_id(n, s == sym_.variable_declarator ? sym_.f_value : sym_.f_right);
      find_preload_list(value);
      return false;
    }
    if (s == sym_.assignment_expression) runtime_.on_assignment(n);
  } else if (s == sym_.function_declaration) {
    runtime_.on_function(n);
  } else if (s == sym_.member_expression || s == sym_.subscript_expression) {
    runtime_.on_member(n);
  }
  return true;
}

// `helper(() => import('./x.js'), ["assets/x.js", "assets/x.css"], …)`: Vite's __vitePreload
// (any name once minified) with its dependency list written out (Vite 2-5.0).
bool Walker::on_vite_preload(TSNode args) {
  TSNode fn = arg(args, 0), deps = arg(args, 1);
  if (!is(fn, sym_.arrow_function) || !is(deps, sym_.array)) return false;
  TSNode body = ts_node_child_by_field_id(fn, sym_.f_body);
  if (!is(body, sym_.call_expression) || !is(ts_node_child_by_field_id(body, sym_.f_function), sym_.import_kw))
    return false;
  add_preload_list(deps);
  return false;  // the import() inside is still walked
}

void Walker::add_preload_list(TSNode array) {
  Range r{};
  uint32_t count = ts_node_named_child_count(array);
  for (uint32_t i = 0; i < count; ++i) {
    TSNode c = ts_node_named_child(array, i);
    if (literal(c, r)) add(RefKind::js_preload_dep, c);
  }
}

// The first array of strings under the __vite__mapDeps definition (its `m.f = [...]`).
void Walker::find_preload_list(TSNode n) {
  if (ts_node_is_null(n)) return;
  if (is(n, sym_.array)) {
    uint32_t count = ts_node_named_child_count(n);
    bool strings = count > 0;
    for (uint32_t i = 0; i < count && strings; ++i) strings = is(ts_node_named_child(n, i), sym_.string);
    if (strings) {
      add_preload_list(n);
      return;
    }
  }
  uint32_t count = ts_node_named_child_count(n);
  for (uint32_t i = 0; i < count; ++i) find_preload_list(ts_node_named_child(n, i));
}

// A file's `X.e(5)` calls are chunk loads only in webpack's code: a runtime, a chunk that
// names the chunk-loading global, or an unminified build. Elsewhere they are dropped.
void Walker::finish_chunks() {
  uint32_t byte = 0;
  if (auto rt = runtime_.result(byte)) {
    ex_.file.chunk_runtime = std::move(rt);
    // line/column of the runtime, from the file's start (an inline script counts from `base`)
    std::string_view before = src_.substr(0, byte);
    size_t nl = before.rfind('\n');
    ex_.file.chunk_runtime->line = static_cast<uint32_t>(std::count(before.begin(), before.end(), '\n')) + 1;
    ex_.file.chunk_runtime->column = static_cast<uint32_t>(nl == std::string_view::npos ? byte + 1 : byte - nl);
  }
  if (ex_.file.chunk_global.empty()) ex_.file.chunk_global = runtime_.global();
  if (chunk_refs_ == 0 || ex_.file.chunk_runtime || !ex_.file.chunk_global.empty() ||
      src_.find("__webpack_require__") != std::string_view::npos)
    return;
  auto& refs = ex_.file.refs;
  refs.erase(std::remove_if(refs.begin() + static_cast<std::ptrdiff_t>(first_ref_), refs.end(),
                            [](const Reference& r) { return r.kind == RefKind::js_chunk; }),
             refs.end());
}

// Every reference form and every module marker contains one of these words (import covers
// import(), import.meta, importScripts; Worker covers SharedWorker). Pruning the walk to the
// subtrees holding one took parse+extract over bare parse from 1.21-1.24x to 1.07-1.15x on
// monaco-editor min/vs and esm.
void Walker::find_triggers() {
  if (triggers_found_) return;
  triggers_found_ = true;
  // ".e(", ".u=", ".p", "webpack", "miniCssF": webpack's chunk loading (chunk_runtime_reader);
  // ".p" also catches jsonpScriptSrc's `X.p + …` and `X.p = "/"`.
  static constexpr std::string_view kWords[] = {"import", "export", "require", "Worker", "URL", "register",
                                                ".e(",    ".E(",    ".G(",     ".u=",    ".u =", ".p",
                                                "webpack", "miniCssF", "__vite"};
  for (auto word : kWords) {
    for (size_t p = src_.find(word); p != std::string_view::npos; p = src_.find(word, p + word.size()))
      triggers_.push_back(static_cast<uint32_t>(p));
  }
  std::sort(triggers_.begin(), triggers_.end());
}

void Walker::walk(TSNode root, uint32_t from) {
  find_triggers();
  // A piece's tree also holds the text around a wrapper's body, which the previous piece's
  // walk passed: the triggers are looked for again from the piece's own start.
  next_trigger_ = static_cast<size_t>(std::lower_bound(triggers_.begin(), triggers_.end(), from) - triggers_.begin());
  if (ts_node_symbol(root) == kErrorSymbol) on_error(root, 0);
  TSTreeCursor c = ts_tree_cursor_new(root);
  uint32_t depth = 0;
  bool descend = true;
  for (;;) {
    if (descend && ts_tree_cursor_goto_first_child(&c)) {
      ++depth;
    } else {
      while (!ts_tree_cursor_goto_next_sibling(&c)) {
        if (!ts_tree_cursor_goto_parent(&c)) {
          ts_tree_cursor_delete(&c);
          return;
        }
        --depth;
      }
    }
    descend = visit(ts_tree_cursor_current_node(&c), depth);
  }
}

void Walker::recover() {
  if (damaged_.empty()) return;
  std::sort(damaged_.begin(), damaged_.end(), [](Range a, Range b) { return a.begin < b.begin; });
  std::vector<Range> merged;
  for (Range r : damaged_) {
    if (!merged.empty() && r.begin <= merged.back().end) {
      merged.back().end = std::max(merged.back().end, r.end);
    } else {
      merged.push_back(r);
    }
  }
  auto& refs = ex_.file.refs;
  std::vector<uint32_t> seen;
  for (size_t i = first_ref_; i < refs.size(); ++i)
    if (refs[i].known) seen.push_back(refs[i].begin);
  std::sort(seen.begin(), seen.end());
  std::vector<Reference> found;
  for (Range r : merged) {
    found.clear();
    scan_js_refs(src_.substr(r.begin, r.end - r.begin), found);
    for (auto& ref : found) {
      ref.begin += base_ + r.begin;
      ref.end += base_ + r.begin;
      if (std::binary_search(seen.begin(), seen.end(), ref.begin)) continue;
      ref.recovered = true;
      ref.is_module = ref.is_module || module_context_;
      ++ex_.file.recovered_refs;
      refs.push_back(std::move(ref));
    }
  }
}

}  // namespace

// A large file in pieces cut at statement ends, one tree at a time: tree-sitter's tree takes
// 20-70 bytes of memory per byte of source (measured: 237 MB for monaco-editor's 11.6 MB
// tsWorker.js, 3.5 GB for a generated 50 MB file); a piece's tree is freed before the next
// piece is parsed. Each piece is parsed through included ranges of the whole text, so its
// nodes carry file offsets and one walk goes on from piece to piece as over the whole tree; a
// piece inside a wrapper function's body is parsed with the text around the body, which is
// looked at with the first piece only, so no reference is found twice. The result is the whole
// parse's when every piece parses without errors; if one does not (a real syntax error, or a
// cut the lexical scan guessed wrong), everything is undone and the caller parses the file
// whole, as before.
constexpr int kMaxJoined = 3;

bool JsEngine::extract_pieces(int lang, std::string_view src, uint32_t base, bool module_context,
                              Extraction& ex) {
  StatementCuts cuts = statement_cuts(src, pieces_.piece_bytes);
  const auto size = static_cast<uint32_t>(src.size());
  const bool wrapped = cuts.body_end > 0;
  const uint32_t first = wrapped ? cuts.body_begin : 0, last = wrapped ? cuts.body_end : size;
  while (!cuts.ends.empty() && cuts.ends.back() >= last) cuts.ends.pop_back();
  if (cuts.ends.empty() || bracket_nesting(src).depth > kMaxNesting) return false;
  cuts.ends.push_back(last);
  size_t first_ref = ex.file.refs.size();
  bool was_module = ex.file.is_module;
  TSParser* parser = parsers_[lang];
  Walker walker(symbols_[lang], src, base, module_context, ex);
  std::optional<std::pair<uint32_t, uint32_t>> map;
  bool ok = true;
  uint32_t begin = first;
  uint64_t pieces = 0;
  int joined = 0;  // cuts skipped in a row
  for (size_t k = 0; k < cuts.ends.size(); ++k) {
    uint32_t end = cuts.ends[k];
    auto range = [](uint32_t b, uint32_t e) { return TSRange{{0, b}, {0, e}, b, e}; };
    std::vector<TSRange> ranges;
    if (wrapped) ranges.push_back(range(0, first));
    ranges.push_back(range(begin, end));
    if (wrapped) ranges.push_back(range(last, size));
    TSTree* tree = ts_parser_set_included_ranges(parser, ranges.data(), static_cast<uint32_t>(ranges.size()))
                       ? ts_parser_parse_string(parser, nullptr, src.data(), size)
                       : nullptr;
    if (!tree || ts_node_has_error(ts_tree_root_node(tree))) {
      if (tree) ts_tree_delete(tree);
      // A cut the scan guessed wrong (inside a regex it took for a division) heals when the
      // piece runs on to the next cut; a few tries, so a real error costs a bounded re-parse.
      if (tree && k + 1 < cuts.ends.size() && ++joined <= kMaxJoined) continue;
      ok = false;
      break;
    }
    joined = 0;
    ++pieces;
    TSNode root = ts_tree_root_node(tree);
    // The text around a wrapper's body (and the nodes that hold the body) is in every piece's
    // tree: it is looked at with the first piece only.
    if (begin != first) walker.only_inside(begin, end);
    walker.walk(root, begin);
    if (end == last) map = find_js_source_map(src, root, symbols_[lang].comment);
    ts_tree_delete(tree);
    begin = end;
  }
  ts_parser_set_included_ranges(parser, nullptr, 0);
  if (!ok) {
    ex.file.refs.resize(first_ref);
    ex.file.is_module = was_module;
    return false;
  }
  walker.finish_chunks();
  pieces_parsed_ += pieces;
  if (map) {
    Reference ref;
    ref.kind = RefKind::source_map;
    ref.begin = base + map->first;
    ref.end = base + map->second;
    ref.specifier.assign(src.substr(map->first, map->second - map->first));
    ex.file.refs.push_back(std::move(ref));
  }
  return true;
}

JsEngine::JsEngine(JsPieceSizes pieces) : pieces_(pieces) {
  const Language langs[3] = {Language::javascript, Language::typescript, Language::tsx};
  for (int i = 0; i < 3; ++i) {
    parsers_[i] = ts_parser_new();
    ts_parser_set_language(parsers_[i], language(langs[i]));
    symbols_[i] = JsSymbols::load(language(langs[i]));
  }
}

JsEngine::~JsEngine() {
  for (TSParser* p : parsers_) ts_parser_delete(p);
}

void JsEngine::extract(Syntax syntax, std::string_view src, uint32_t base, bool module_context, Extraction& ex) {
  int i = syntax == Syntax::typescript ? 1 : syntax == Syntax::tsx ? 2 : 0;
  if (src.size() > pieces_.whole_bytes && extract_pieces(i, src, base, module_context, ex)) return;
  Nesting nesting = bracket_nesting(src);
  TSTree* tree = nesting.depth > kMaxNesting
                     ? nullptr
                     : ts_parser_parse_string(parsers_[i], nullptr, src.data(), static_cast<uint32_t>(src.size()));
  if (!tree) {  // too deep to parse safely, or the runtime gave up (only on allocation failure)
    ex.note_error(base + (nesting.depth > kMaxNesting ? nesting.byte : 0),
                  nesting.depth > kMaxNesting ? too_deep_message() + "; references found by a lexical scan"
                                              : "the JS parser gave up on this file; references found by a lexical scan");
    size_t first = ex.file.refs.size();
    scan_js_refs(src, ex.file.refs);
    for (size_t k = first; k < ex.file.refs.size(); ++k) {
      ex.file.refs[k].begin += base;
      ex.file.refs[k].end += base;
      ex.file.refs[k].recovered = true;
      ++ex.file.recovered_refs;
    }
    return;
  }
  TSNode root = ts_tree_root_node(tree);
  Walker walker(symbols_[i], src, base, module_context, ex);
  walker.walk(root);
  if (ts_node_has_error(root)) walker.recover();
  walker.finish_chunks();
  if (auto map = find_js_source_map(src, root, symbols_[i].comment)) {
    Reference ref;
    ref.kind = RefKind::source_map;
    ref.begin = base + map->first;
    ref.end = base + map->second;
    ref.specifier.assign(src.substr(map->first, map->second - map->first));
    ex.file.refs.push_back(std::move(ref));
  }
  ts_tree_delete(tree);
}

}  // namespace kiln::parse
