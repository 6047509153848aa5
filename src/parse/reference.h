// The references one file makes (imports, url()s, <script src>, …), as the parse phase hands
// them to resolve/graph/hash. Plain data: no tree-sitter type crosses this header. Every
// reference keeps the exact byte range of its specifier so that `kiln hash` can rewrite it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parse/chunk_runtime.h"

namespace kiln::parse {

enum class RefKind {
  js_import,          // import x from '…' / import '…' (TS `import type` kept, flagged type_only)
  js_export_from,     // export … from '…'
  js_dynamic_import,  // import('…') or import(`…`) without substitutions
  js_require,         // require('…'), and TS `import x = require('…')`
  js_url,             // new URL('…', import.meta.url)
  js_worker,          // new Worker(…) / new SharedWorker(…); new Worker(new URL('…', import.meta.url))
                      // is one js_worker ref for the inner URL
  js_import_scripts,  // importScripts('…', '…'): one ref per argument
  js_service_worker,  // navigator.serviceWorker.register('…')
  source_map,         // last //# sourceMappingURL=… (JS) or /*# sourceMappingURL=… */ (CSS)
  css_import,         // @import '…' / @import url(…)
  css_url,            // url(…) quoted or unquoted, also url() entries inside image-set()
  css_image_set,      // image-set('…' 1x, …): the bare string entries
  html_script,        // <script src>
  html_link,          // <link href>, every rel (preconnect, canonical… too): `rel` decides
  html_img,           // <img src>
  html_srcset,        // one candidate of <img srcset>, <source srcset>, <link imagesrcset>
  html_source,        // <source src> (video/audio)
  html_poster,        // <video poster>
  html_other,         // loads that are not the above: <iframe src>, <frame src>, <embed src>,
                      // <object data>, <audio src>, <video src>, <track src>,
                      // <input type=image src>, SVG <use>/<image> href and xlink:href, and
                      // <base href> (not a load, but the resolver needs it), and the URLs of a
                      // <script type=importmap> (attr "importmap", `key` = the mapped
                      // specifier). `tag`/`attr` say which. <a href> is navigation: not recorded.
  manifest_icon,      // icons[].src, screenshots[].src, shortcuts[].icons[].src in a manifest
  js_chunk,           // a chunk a bundler's runtime loads by id: webpack/Rspack `X.e(543)`
                      // (`specifier` = the id; rel "prefetch"/"preload" for webpack 5's
                      // `X.E(id)`/`X.G(id)`); the file name comes from a ChunkRuntime
  js_preload_dep,     // a file Vite's preload helper fetches with a lazy chunk: the strings of
                      // `__vitePreload(() => import('…'), ["assets/a.js", "assets/a.css"])`
                      // (any callee name) and of the `__vite__mapDeps` list; relative to the
                      // site root unless they start with ./ or ../
  asset_name,         // a string in JS or CSS that is an asset's file name ("marker-shadow.png",
                      // "images/marker-icon.png") and no other reference: code may build its
                      // URL at run time (Leaflet joins its image folder, read from the CSS, and
                      // "marker-shadow.png"). The graph matches it by name; no match, no message.
};

const char* ref_kind_name(RefKind kind);

struct Reference {
  RefKind kind = RefKind::js_import;
  // The specifier as written between the quotes, with escapes (JS, CSS) or entities (HTML)
  // decoded when there were any (then `decoded` is set); empty when !known.
  std::string specifier;
  bool known = true;  // false for non-literal specifiers (import(x), new Worker(url))
  // Byte range in the FILE of the specifier text (inside the quotes; for unquoted url(x) the
  // x). For inline <script>/<style>/style="" in HTML the offsets are in the HTML file. For an
  // unknown specifier, the range of the argument expression.
  uint32_t begin = 0, end = 0;
  uint32_t line = 0, column = 0;  // 1-based, of `begin`; column counts bytes
  // Load semantics the graph needs.
  bool is_module = false;  // <script type=module>, <link rel=modulepreload>, refs made by an
                           // inline module script, new Worker(…, {type: 'module'})
  bool nomodule = false, async = false, defer = false;
  bool lazy = false;       // loading=lazy
  bool type_only = false;  // TS `import type` / `export type … from`
  bool decoded = false;    // specifier != the raw bytes [begin, end): escapes/entities decoded
  bool recovered = false;  // JS: found by the fallback scanner inside a damaged region; CSS
                           // (always tokenized): inside a rule tree-sitter-css damaged, in
                           // a stylesheet kiln's tokenizer found an error in
  std::string rel;    // <link rel=…> lower-cased, e.g. "stylesheet", "modulepreload", "icon"
  std::string as;     // <link as=…>
  std::string media;  // <link media=…> / <source media>
  std::string tag;    // HTML: the element name, lower-cased ("img", "iframe", "base", …)
  std::string attr;   // HTML: the attribute name, lower-cased ("src", "srcset", "href", …)
  std::string key;    // import map entries: the specifier or prefix mapped to this URL
  uint32_t descriptor_w = 0;  // srcset descriptors when present
  float descriptor_x = 0;
  // Candidates a browser fetches one of (graph/candidates.h): `group` numbers, from 1 within
  // the file, one <img> (its src and srcset, and the <source>s of its <picture>), one
  // <link imagesrcset>, or one @font-face's `src` list; 0 for every other reference. `option`
  // is the <source> (0, 1, … in order; the <img> comes last) or the `src` entry (0, 1, … between
  // commas) the candidate belongs to.
  uint32_t group = 0, option = 0;
  // <source type>, lower-cased; a `src` entry's format() and tech() hints, lower-cased, as
  // "format(woff2) tech(variations)"; "overridden" for the entries of a `src` declaration a
  // later one in the same @font-face replaces.
  std::string type;
  std::string sizes;  // <img sizes>, <source sizes>, <link imagesizes>
};

struct ParseIssue {
  uint32_t line = 0, column = 0;
  std::string message;
};

struct ParsedFile {
  std::vector<Reference> refs;             // sorted by begin
  bool is_module = false;                  // JS that uses import/export syntax or import.meta
  bool had_syntax_errors = false;          // tree had ERROR/MISSING nodes
  std::optional<ParseIssue> first_error;   // location of the first error, one warning per file
  uint32_t recovered_refs = 0;             // refs with `recovered` set
  // A bundler's chunk-loading runtime found in this file (see chunk_runtime.h), and the
  // chunk-loading global the file names (`webpackChunkapp`, `webpackJsonp`), which ties chunk
  // files to the runtime that loads them.
  std::optional<ChunkRuntime> chunk_runtime;
  std::string chunk_global;
};

enum class Syntax { javascript, typescript, tsx, css, html, webmanifest, none };

// .js .mjs .cjs .jsx -> javascript, .ts .mts .cts -> typescript (.d.ts too), .tsx -> tsx,
// .css -> css, .html .htm .xhtml -> html, .webmanifest and manifest.json -> webmanifest,
// anything else -> none.
Syntax syntax_for_path(std::string_view path);
const char* syntax_name(Syntax syntax);

}  // namespace kiln::parse
