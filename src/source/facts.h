// What source mode learns from one file, as plain data: its imports (with the names they
// take), its exports (with line:column) and the member uses of its namespace imports. One
// ModuleFacts per file, produced by the extractor, cached by content, read by the resolver
// and the findings. Nothing here knows tree-sitter.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace kiln::source {

enum class ImportKind : uint8_t {
  static_import,    // import … from 's', import 's'
  reexport,         // export {a} from 's', export * from 's', export * as ns from 's'
  dynamic_import,   // import('s')
  require,          // require('s'), import x = require('s')
  require_resolve,  // require.resolve('s')
  glob,             // import.meta.glob('pattern') (Vite): the specifier is a glob
  url,              // new URL('s', import.meta.url)
  worker,           // new Worker(new URL('s', import.meta.url)), new SharedWorker(…)
  reference,        // /// <reference path="s" /> or types="s"
  css_import,       // @import / @use / @forward in a stylesheet
};

const char* import_kind_name(ImportKind k);

struct ImportRecord {
  ImportKind kind = ImportKind::static_import;
  bool type_only = false;  // import type / export type … from / /// <reference types>
  bool side_effect = false;  // import 's' with no names
  // The names taken from the target, as the target exports them ("default" for a default
  // import). For a re-export, `names[i]` is taken and exported again as `aliases[i]`.
  std::vector<std::string> names;
  std::vector<std::string> aliases;
  std::vector<uint8_t> name_is_type;  // per name: `import {type X}`
  bool star = false;        // export * from 's'
  std::string star_as;      // export * as ns from 's' (the exported name)
  // A namespace import (import * as ns, const ns = require(), await import()): `whole` when
  // it escapes (passed along, computed key), else the members read from it.
  bool is_namespace = false;
  bool whole = false;
  std::vector<std::string> members;
  std::string specifier;
  uint32_t line = 0, column = 0;  // of the specifier
};

enum class ExportKind : uint8_t { value, type, interface, enum_, namespace_, class_, function, default_, commonjs };

struct ExportRecord {
  std::string name;  // "default" for export default
  ExportKind kind = ExportKind::value;
  bool type_only = false;  // type, interface, `export type {…}`: vanishes at build
  uint32_t line = 0, column = 0;
  uint32_t begin = 0;  // byte offset of the `export` keyword (for --fix)
  uint32_t keyword_end = 0;  // end of `export ` when removable (a declaration), else 0
};

// A specifier that is not a literal: counted and listed, never dropped.
struct DynamicSpecifier {
  ImportKind kind = ImportKind::dynamic_import;
  std::string expression;  // the source text, cut at 80 bytes
  uint32_t line = 0, column = 0;
};

struct ModuleFacts {
  std::vector<ImportRecord> imports;  // in source order
  std::vector<ExportRecord> exports;
  std::vector<DynamicSpecifier> dynamic;
  bool export_equals = false;  // export = x (a CommonJS-style TS module: fully public)
  bool commonjs = false;       // uses module.exports / exports
  bool has_errors = false;     // tree-sitter found syntax errors
  uint32_t error_line = 0, error_column = 0;
};

}  // namespace kiln::source
