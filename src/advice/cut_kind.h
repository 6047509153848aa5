// What kind of cut an import is and the form the change takes, read from the importing file's
// text: where the names it binds are used (a router table's `element:`/`component:`, JSX
// under `&&`/`?:` or `v-if`, an event handler, only inside functions, at module top level).
// A small lexer (strings, comments, templates, brackets, arrows), not a parser: it is only
// asked about the few imports that made the ranked list.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "advice/split_points.h"
#include "source/facts.h"

namespace kiln::advice {

struct ImportSite {
  uint32_t line = 0, column = 0;  // of the statement
  std::string statement;          // one line, cut at 120 bytes
  CutKind kind = CutKind::top_level;
  std::string why;
  std::string suggestion;
};

enum class Framework : uint8_t { react, react_router, tanstack, vue, vue_router, none };

// The framework the importer is written for, from what it imports and the file types.
Framework framework_of(const source::ModuleFacts& importer, std::string_view importer_path, std::string_view target);

// The members read from a default or namespace import's binding (`_.debounce` -> debounce);
// empty when the binding is used otherwise too (`fn(_)`), with `whole` set.
std::vector<std::string> member_uses(std::string_view text, const source::ImportRecord& rec, bool& whole);

// True when the statement binds names and the importer never reads any of them (the import
// stays only for the module's side effects).
bool names_unused(std::string_view text, const source::ImportRecord& rec);

ImportSite classify_import(std::string_view text, const source::ImportRecord& rec, Framework framework);

}  // namespace kiln::advice
