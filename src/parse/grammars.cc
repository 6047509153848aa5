#include "parse/grammars.h"

extern "C" {
const TSLanguage* tree_sitter_javascript(void);
const TSLanguage* tree_sitter_typescript(void);
const TSLanguage* tree_sitter_tsx(void);
const TSLanguage* tree_sitter_css(void);
const TSLanguage* tree_sitter_html(void);
}

namespace kiln::parse {

const TSLanguage* language(Language lang) {
  switch (lang) {
    case Language::javascript: return tree_sitter_javascript();
    case Language::typescript: return tree_sitter_typescript();
    case Language::tsx: return tree_sitter_tsx();
    case Language::css: return tree_sitter_css();
    case Language::html: return tree_sitter_html();
  }
  return nullptr;
}

const char* language_name(Language lang) {
  switch (lang) {
    case Language::javascript: return "javascript";
    case Language::typescript: return "typescript";
    case Language::tsx: return "tsx";
    case Language::css: return "css";
    case Language::html: return "html";
  }
  return "?";
}

}  // namespace kiln::parse
