// What a bundler's chunk-loading runtime says, as read from the parsed code of one file: the
// function from a chunk id to its file name (webpack 5 and Rspack `__webpack_require__.u`
// and `.miniCssF`, webpack 4's `jsonpScriptSrc`, minified or not), the public path, and the
// chunk-loading global that ties chunk files to their runtime (`self.webpackChunkapp`,
// `window.webpackJsonp`). The call sites (`__webpack_require__.e(543)`) are references
// (RefKind::js_chunk) whose specifier is the chunk id; graph/ turns them into edges through
// this struct. Plain data, cached with the rest of ParsedFile.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace kiln::parse {

// One term of the file name concatenation.
struct ChunkNamePart {
  enum class Kind : uint8_t { text, id, lookup };
  Kind kind = Kind::text;
  std::string text;  // text: the literal; lookup: the fallback literal when `fallback` is text
  std::vector<std::pair<std::string, std::string>> map;  // lookup: id -> value, sorted by id
  enum class Fallback : uint8_t { none, id, text } fallback = Fallback::none;  // `{…}[id] || …`
};

struct ChunkNamer {
  bool css = false;  // mini-css-extract-plugin's `.miniCssF`: the stylesheet loaded with a chunk
  std::vector<std::pair<std::string, std::string>> fixed;  // `if (id === 5) return "x.js"`, sorted
  std::vector<ChunkNamePart> parts;
};

struct ChunkRuntime {
  std::vector<ChunkNamer> namers;          // empty when `problem` is set
  std::optional<std::string> public_path;  // `X.p = "…"`; none: computed at run time ("auto")
  std::string problem;  // why the runtime's file name function was not understood
  uint32_t line = 0, column = 0;  // of the file name function (1-based)
};

// The file name `namer` gives chunk `id`, or none when the runtime has no name for it (a map
// without the id and no fallback: the browser would request ".../undefined.js").
std::optional<std::string> chunk_file_name(const ChunkNamer& namer, const std::string& id);

}  // namespace kiln::parse
