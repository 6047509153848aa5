// What the extractors of one file write into while they run: the references (offsets in the
// file, line/column filled in at the end by the Parser) and the first syntax error by byte.
// Internal to parse/.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "parse/reference.h"

namespace kiln::parse {

// Appended to errors that are tree-sitter's word alone (JS, HTML), unlike those kiln's own
// tokenizers find (CSS, JSON): a grammar may reject valid code.
inline constexpr const char* kGrammarNote = " (the tree-sitter grammar rejects this construct)";

struct Extraction {
  ParsedFile file;
  std::optional<uint32_t> error_byte;
  std::string error_message;

  void note_error(uint32_t byte, std::string message) {
    file.had_syntax_errors = true;
    if (!error_byte || byte < *error_byte) {
      error_byte = byte;
      error_message = std::move(message);
    }
  }
};

}  // namespace kiln::parse
