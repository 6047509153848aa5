// The tree-sitter languages kiln parses with, compiled from the grammars pinned in
// grammars/package.json (ABI 14, loadable by Debian's libtree-sitter 0.20.7).
#pragma once

#include <tree_sitter/api.h>

namespace kiln::parse {

enum class Language { javascript, typescript, tsx, css, html };

const TSLanguage* language(Language lang);
const char* language_name(Language lang);

}  // namespace kiln::parse
