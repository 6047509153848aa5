// Reads a bundler's chunk-loading runtime out of a JS tree (see chunk_runtime.h for what it
// finds). Driven by the js_extractor's walk: it is shown the assignments, function
// declarations and calls the walk meets, and at the end says what it understood. Internal to
// parse/.
#pragma once

#include <tree_sitter/api.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parse/chunk_runtime.h"
#include "parse/js_extractor.h"

namespace kiln::parse {

class ChunkRuntimeReader {
 public:
  ChunkRuntimeReader(const JsSymbols& sym, std::string_view src) : sym_(sym), src_(src) {}

  // `left = right`: `X.u = (id) => …`, `X.miniCssF = …`, `X.p = "…"`.
  void on_assignment(TSNode n);
  // `function f(id) { return X.p + … + ".js" }`: webpack 4's jsonpScriptSrc, any name.
  void on_function(TSNode n);
  // A member expression or subscript naming the chunk-loading global.
  void on_member(TSNode n);
  // `X.e(543)`, `X.E(543)` (prefetch), `X.G(543)` (preload): the id literal, or null.
  TSNode chunk_call(TSNode call, std::string& rel) const;

  // The runtime found, if any (byte offset of its file name function in `runtime_byte`).
  std::optional<ChunkRuntime> result(uint32_t& runtime_byte) const;
  const std::string& global() const { return global_; }

 private:
  std::string_view text(TSNode n) const;
  bool is(TSNode n, TSSymbol s) const { return !ts_node_is_null(n) && ts_node_symbol(n) == s; }
  TSNode unwrap(TSNode n) const;  // through parentheses
  std::optional<std::string> string_value(TSNode n) const;  // a string or number literal
  bool read_namer(TSNode fn, ChunkNamer& out, std::string& why, std::string* object) const;
  bool read_body(TSNode n, std::string_view param, ChunkNamer& out, std::string& why, std::string* object) const;
  bool read_concat(TSNode n, std::string_view param, ChunkNamer& out, std::string& why, std::string* object) const;
  bool read_lookup(TSNode n, std::string_view param, ChunkNamePart& out) const;
  bool read_fixed(TSNode cond, std::string_view param, std::string& id) const;

  const JsSymbols& sym_;
  std::string_view src_;
  std::vector<ChunkNamer> namers_;
  std::string object_;  // the require function's name in `object_.u = …` or `object_.p + …`
  std::vector<std::pair<std::string, std::string>> public_paths_;  // (object, value)
  std::string problem_;
  uint32_t byte_ = 0;
  bool found_ = false;
  std::string global_;
};

}  // namespace kiln::parse
