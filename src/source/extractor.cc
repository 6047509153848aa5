#include "source/extractor.h"

#include <algorithm>
#include <cstring>

#include "parse/css_scanner.h"
#include "parse/grammars.h"
#include "parse/parser.h"
#include "source/js_facts.h"
#include "source/skim.h"

namespace kiln::source {

namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// 1-based line and column of byte `at`.
void position_of(std::string_view text, size_t at, uint32_t& line, uint32_t& column) {
  at = std::min(at, text.size());
  line = 1 + static_cast<uint32_t>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
  size_t nl = text.rfind('\n', at == 0 ? 0 : at - 1);
  column = static_cast<uint32_t>(nl == std::string_view::npos || at == 0 ? at + 1 : at - nl);
}

// The value of attribute `name` in a start tag's text, lower-cased; empty when absent.
std::string attribute(std::string_view tag, std::string_view name) {
  for (size_t at = tag.find(name); at != std::string_view::npos; at = tag.find(name, at + 1)) {
    if (at == 0 || !std::isspace(static_cast<unsigned char>(tag[at - 1]))) continue;
    size_t p = at + name.size();
    while (p < tag.size() && tag[p] == ' ') ++p;
    if (p >= tag.size() || tag[p] != '=') continue;
    ++p;
    while (p < tag.size() && tag[p] == ' ') ++p;
    char q = p < tag.size() ? tag[p] : 0;
    size_t b = (q == '"' || q == '\'') ? p + 1 : p;
    size_t e = (q == '"' || q == '\'') ? tag.find(q, b) : tag.find_first_of(" >/", b);
    if (e == std::string_view::npos) e = tag.size();
    std::string v(tag.substr(b, e - b));
    for (auto& c : v) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return v;
  }
  return {};
}

}  // namespace

SourceSyntax source_syntax(std::string_view path) {
  size_t slash = path.rfind('/');
  std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  size_t dot = name.rfind('.');
  if (dot == std::string_view::npos) return SourceSyntax::none;
  auto ext = name.substr(dot + 1);
  if (ext == "js" || ext == "mjs" || ext == "cjs" || ext == "jsx") return SourceSyntax::javascript;
  if (ext == "ts" || ext == "mts" || ext == "cts") return SourceSyntax::typescript;
  if (ext == "tsx") return SourceSyntax::tsx;
  if (ext == "vue") return SourceSyntax::vue;
  if (ext == "svelte") return SourceSyntax::svelte;
  if (ext == "css" || ext == "scss" || ext == "sass" || ext == "less") return SourceSyntax::css;
  if (ext == "html" || ext == "htm") return SourceSyntax::html;
  return SourceSyntax::none;
}

bool is_code(SourceSyntax s) {
  return s == SourceSyntax::javascript || s == SourceSyntax::typescript || s == SourceSyntax::tsx ||
         s == SourceSyntax::vue || s == SourceSyntax::svelte;
}

bool is_declaration_file(std::string_view path) {
  return ends_with(path, ".d.ts") || ends_with(path, ".d.mts") || ends_with(path, ".d.cts");
}

struct SourceExtractor::Impl {
  TSParser* parsers[3];
  JsKinds kinds[3];
  std::unique_ptr<parse::Parser> html;  // made on the first page

  Impl() {
    const parse::Language langs[3] = {parse::Language::javascript, parse::Language::typescript, parse::Language::tsx};
    for (int i = 0; i < 3; ++i) {
      parsers[i] = ts_parser_new();
      ts_parser_set_language(parsers[i], parse::language(langs[i]));
      kinds[i] = JsKinds::load(parse::language(langs[i]));
    }
  }
  ~Impl() {
    for (auto* p : parsers) ts_parser_delete(p);
  }

  void js(int lang, std::string_view src, uint32_t line_base, ModuleFacts& f) {
    // Inert bodies are left out of the parse (source/skim.h; not in TSX, whose text is no
    // JavaScript to the skim's lexer). A tree with errors is parsed again in full, so syntax
    // warnings and error recovery are the full parse's.
    TSParser* parser = parsers[lang];
    bool skimmed = skim && lang != 2 && include_all_but(src, inert_bodies(src), parser);
    TSTree* tree = ts_parser_parse_string(parser, nullptr, src.data(), static_cast<uint32_t>(src.size()));
    if (skimmed) {
      ts_parser_set_included_ranges(parser, nullptr, 0);
      if (tree && ts_node_has_error(ts_tree_root_node(tree))) {
        ts_tree_delete(tree);
        tree = ts_parser_parse_string(parser, nullptr, src.data(), static_cast<uint32_t>(src.size()));
      }
    }
    if (!tree) return;
    walk_js(kinds[lang], ts_tree_root_node(tree), src, line_base, f);
    ts_tree_delete(tree);
  }
  // Sets the parser's included ranges to `src` without `gaps`; false when there are none.
  bool include_all_but(std::string_view src, const std::vector<std::pair<uint32_t, uint32_t>>& gaps, TSParser* parser) {
    if (gaps.empty()) return false;
    ranges_.clear();
    uint32_t pos = 0;
    TSPoint point{0, 0};
    auto advance = [&](uint32_t to) {
      for (uint32_t i = pos; i < to; ++i) {
        if (src[i] == '\n') ++point.row, point.column = 0;
        else ++point.column;
      }
      pos = to;
    };
    for (auto [begin, end] : gaps) {
      TSRange r{point, point, pos, pos};
      advance(begin);
      r.end_point = point, r.end_byte = begin;
      ranges_.push_back(r);
      advance(end);
    }
    TSRange last{point, point, pos, pos};
    advance(static_cast<uint32_t>(src.size()));
    last.end_point = point, last.end_byte = pos;
    ranges_.push_back(last);
    return ts_parser_set_included_ranges(parser, ranges_.data(), static_cast<uint32_t>(ranges_.size()));
  }
  std::vector<TSRange> ranges_;  // reused
  bool skim = true;
  void component(std::string_view content, ModuleFacts& f);
  void css(std::string_view content, ModuleFacts& f);
  void page(std::string_view content, ModuleFacts& f);
};

// Every <script> block of a .vue/.svelte file, parsed on its own; positions are the file's.
void SourceExtractor::Impl::component(std::string_view content, ModuleFacts& f) {
  for (size_t at = content.find("<script"); at != std::string_view::npos; at = content.find("<script", at + 1)) {
    size_t tag_end = content.find('>', at);
    if (tag_end == std::string_view::npos) return;
    auto tag = content.substr(at, tag_end - at);
    size_t body = tag_end + 1;
    size_t close = content.find("</script>", body);
    if (close == std::string_view::npos) return;
    std::string lang = attribute(tag, "lang");
    int l = lang == "ts" ? 1 : lang == "tsx" ? 2 : 0;
    uint32_t line = 0, column = 0;
    position_of(content, body, line, column);
    // Column offsets only matter on the block's first line, which is almost always empty.
    js(l, content.substr(body, close - body), line - 1, f);
    at = close;
  }
}

void SourceExtractor::Impl::css(std::string_view content, ModuleFacts& f) {
  std::vector<parse::Reference> refs;
  parse::scan_css_refs(content, false, refs);
  for (auto& r : refs) {
    if (r.kind != parse::RefKind::css_import || !r.known) continue;
    auto& rec = f.imports.emplace_back();
    rec.kind = ImportKind::css_import;
    rec.side_effect = true;
    rec.specifier = r.specifier;
    position_of(content, r.begin, rec.line, rec.column);
  }
  // Sass modules: @use 'x' / @forward 'x'.
  for (std::string_view word : {"@use", "@forward"}) {
    for (size_t at = content.find(word); at != std::string_view::npos; at = content.find(word, at + 1)) {
      size_t p = at + word.size();
      while (p < content.size() && (content[p] == ' ' || content[p] == '\t')) ++p;
      if (p >= content.size() || (content[p] != '"' && content[p] != '\'')) continue;
      size_t e = content.find(content[p], p + 1);
      if (e == std::string_view::npos) continue;
      auto& rec = f.imports.emplace_back();
      rec.kind = ImportKind::css_import;
      rec.side_effect = true;
      rec.specifier = std::string(content.substr(p + 1, e - p - 1));
      position_of(content, p + 1, rec.line, rec.column);
    }
  }
}

// A page's scripts and stylesheets (and what its inline module scripts import).
void SourceExtractor::Impl::page(std::string_view content, ModuleFacts& f) {
  if (!html) html = std::make_unique<parse::Parser>();
  auto parsed = html->parse(parse::Syntax::html, content);
  for (auto& r : parsed.refs) {
    bool wanted = r.kind == parse::RefKind::html_script || r.kind == parse::RefKind::js_import ||
                  r.kind == parse::RefKind::js_dynamic_import ||
                  (r.kind == parse::RefKind::html_link && (r.rel == "stylesheet" || r.rel == "modulepreload"));
    if (!wanted || !r.known) continue;
    auto& rec = f.imports.emplace_back();
    rec.kind = r.kind == parse::RefKind::js_dynamic_import ? ImportKind::dynamic_import : ImportKind::static_import;
    rec.side_effect = true;
    rec.specifier = r.specifier;
    rec.line = r.line, rec.column = r.column;
  }
}

SourceExtractor::SourceExtractor() : impl_(std::make_unique<Impl>()) {}
SourceExtractor::~SourceExtractor() = default;
void SourceExtractor::set_skim(bool on) { impl_->skim = on; }

ModuleFacts SourceExtractor::extract(SourceSyntax syntax, std::string_view content) {
  ModuleFacts f;
  switch (syntax) {
    case SourceSyntax::javascript: impl_->js(0, content, 0, f); break;
    case SourceSyntax::typescript: impl_->js(1, content, 0, f); break;
    case SourceSyntax::tsx: impl_->js(2, content, 0, f); break;
    case SourceSyntax::vue:
    case SourceSyntax::svelte: impl_->component(content, f); break;
    case SourceSyntax::css: impl_->css(content, f); break;
    case SourceSyntax::html: impl_->page(content, f); break;
    case SourceSyntax::none: break;
  }
  std::stable_sort(f.imports.begin(), f.imports.end(), [](const ImportRecord& a, const ImportRecord& b) {
    return a.line != b.line ? a.line < b.line : a.column < b.column;
  });
  return f;
}

const char* import_kind_name(ImportKind k) {
  switch (k) {
    case ImportKind::static_import: return "import";
    case ImportKind::reexport: return "reexport";
    case ImportKind::dynamic_import: return "dynamic";
    case ImportKind::require: return "require";
    case ImportKind::require_resolve: return "require.resolve";
    case ImportKind::glob: return "glob";
    case ImportKind::url: return "url";
    case ImportKind::worker: return "worker";
    case ImportKind::reference: return "reference";
    case ImportKind::css_import: return "css-import";
  }
  return "import";
}

}  // namespace kiln::source
