// The parse phase's entry point: one file's bytes in, the references it makes out
// (parse/reference.h). One Parser per thread; it owns one tree-sitter parser per language
// and reuses them across files.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include "parse/reference.h"

namespace kiln::parse {

// JS larger than `whole_bytes` is parsed in pieces of at least `piece_bytes`, cut at
// top-level statement ends, so that one tree never holds the whole file (js_extractor.cc
// says why). Tests make both small.
struct JsPieceSizes {
  size_t whole_bytes = size_t(1) << 20;
  uint32_t piece_bytes = 256u << 10;
};

class Parser {
 public:
  explicit Parser(JsPieceSizes pieces = {});
  ~Parser();
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;

  // Never fails: a file the grammar cannot fully parse still yields every reference found
  // (tree and fallback scanners), with had_syntax_errors and first_error set.
  ParsedFile parse(Syntax syntax, std::string_view content);

  // How many pieces of large JS files were parsed on their own so far (tests).
  uint64_t js_pieces() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kiln::parse
