// The parse phase's entry point: one file's bytes in, the references it makes out
// (parse/reference.h). One Parser per thread; it owns one tree-sitter parser per language
// and reuses them across files.
#pragma once

#include <memory>
#include <string_view>

#include "parse/reference.h"

namespace kiln::parse {

class Parser {
 public:
  Parser();
  ~Parser();
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;

  // Never fails: a file the grammar cannot fully parse still yields every reference found
  // (tree and fallback scanners), with had_syntax_errors and first_error set.
  ParsedFile parse(Syntax syntax, std::string_view content);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kiln::parse
