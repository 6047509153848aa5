// The walker behind walk_js (js_facts.h), shared by its two halves: js_facts.cc reads the
// top-level statements (imports, exports, CommonJS, triple-slash), js_uses.cc walks the
// whole tree (import(), require(), new URL/Worker, import.meta.glob, namespace uses).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "source/js_facts.h"

namespace kiln::source::detail {

class Walker {
 public:
  Walker(const JsKinds& k, std::string_view src, uint32_t line_base, ModuleFacts& facts)
      : k_(k), src_(src), line_base_(line_base), facts_(facts) {}

  void top_level(TSNode root);
  void deep(TSNode root);
  void finish_namespaces();

 private:
  std::string_view text(TSNode n) const {
    uint32_t b = ts_node_start_byte(n);
    return src_.substr(b, ts_node_end_byte(n) - b);
  }
  TSNode field(TSNode n, TSFieldId f) const { return f ? ts_node_child_by_field_id(n, f) : TSNode{}; }
  bool is(TSNode n, Kind kind) const { return !ts_node_is_null(n) && k_.of(n) == kind; }
  void at(TSNode n, uint32_t& line, uint32_t& column) const {
    TSPoint p = ts_node_start_point(n);
    line = p.row + 1 + line_base_;
    column = p.column + 1;
  }
  bool has_child(TSNode n, Kind kind) const;
  bool literal(TSNode n, std::string& out) const;
  std::string name_of(TSNode n) const;  // identifier or string (quotes removed)
  TSNode first_arg(TSNode args) const;

  void on_import(TSNode n);
  void on_export(TSNode n);
  void export_declaration(TSNode decl, TSNode stmt, bool ambient);
  void pattern_names(TSNode pat, TSNode stmt, ExportKind kind);
  void add_export(std::string name, ExportKind kind, bool type_only, TSNode pos, TSNode stmt, bool removable);
  void on_commonjs(TSNode expr);
  void on_comment(TSNode n);
  void on_call(TSNode n, const std::vector<TSNode>& up);
  void on_new(TSNode n);
  void on_identifier(TSNode n, const std::vector<TSNode>& up);
  // A parameter or a block's const/let/var of this name between the use and the module scope.
  bool shadowed(std::string_view name, const std::vector<TSNode>& up) const;
  ImportRecord& add_import(ImportKind kind, std::string spec, TSNode at_node);
  void add_dynamic(ImportKind kind, TSNode expr);
  void bind(size_t rec, const std::vector<TSNode>& up, size_t skip);

  const JsKinds& k_;
  std::string_view src_;
  uint32_t line_base_;
  ModuleFacts& facts_;
  // Namespace locals: name -> index of its import record.
  std::vector<std::pair<std::string, size_t>> namespaces_;
  const void* taken_url_ = nullptr;  // a new URL(…) already taken as a worker's specifier
};

}  // namespace kiln::source::detail
