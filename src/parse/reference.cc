#include "parse/reference.h"

namespace kiln::parse {

namespace {

bool ends_with_ci(std::string_view s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  for (size_t i = 0; i < suffix.size(); ++i) {
    char c = s[s.size() - suffix.size() + i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != suffix[i]) return false;
  }
  return true;
}

}  // namespace

const char* ref_kind_name(RefKind kind) {
  switch (kind) {
    case RefKind::js_import: return "js_import";
    case RefKind::js_export_from: return "js_export_from";
    case RefKind::js_dynamic_import: return "js_dynamic_import";
    case RefKind::js_require: return "js_require";
    case RefKind::js_url: return "js_url";
    case RefKind::js_worker: return "js_worker";
    case RefKind::js_import_scripts: return "js_import_scripts";
    case RefKind::js_service_worker: return "js_service_worker";
    case RefKind::source_map: return "source_map";
    case RefKind::css_import: return "css_import";
    case RefKind::css_url: return "css_url";
    case RefKind::css_image_set: return "css_image_set";
    case RefKind::html_script: return "html_script";
    case RefKind::html_link: return "html_link";
    case RefKind::html_img: return "html_img";
    case RefKind::html_srcset: return "html_srcset";
    case RefKind::html_source: return "html_source";
    case RefKind::html_poster: return "html_poster";
    case RefKind::html_other: return "html_other";
    case RefKind::manifest_icon: return "manifest_icon";
    case RefKind::js_chunk: return "js_chunk";
    case RefKind::js_preload_dep: return "js_preload_dep";
    case RefKind::asset_name: return "asset_name";
  }
  return "?";
}

const char* syntax_name(Syntax syntax) {
  switch (syntax) {
    case Syntax::javascript: return "javascript";
    case Syntax::typescript: return "typescript";
    case Syntax::tsx: return "tsx";
    case Syntax::css: return "css";
    case Syntax::html: return "html";
    case Syntax::webmanifest: return "webmanifest";
    case Syntax::none: return "none";
  }
  return "?";
}

Syntax syntax_for_path(std::string_view path) {
  std::string_view name = path.substr(path.find_last_of('/') == std::string_view::npos ? 0 : path.find_last_of('/') + 1);
  if (ends_with_ci(name, ".tsx")) return Syntax::tsx;
  for (auto ext : {".ts", ".mts", ".cts"})
    if (ends_with_ci(name, ext)) return Syntax::typescript;
  for (auto ext : {".js", ".mjs", ".cjs", ".jsx"})
    if (ends_with_ci(name, ext)) return Syntax::javascript;
  if (ends_with_ci(name, ".css")) return Syntax::css;
  for (auto ext : {".html", ".htm", ".xhtml"})
    if (ends_with_ci(name, ext)) return Syntax::html;
  if (ends_with_ci(name, ".webmanifest") || ends_with_ci(name, "manifest.json")) return Syntax::webmanifest;
  return Syntax::none;
}

}  // namespace kiln::parse
