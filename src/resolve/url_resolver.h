// resolve (dist mode): a reference's URL, as written in a built file, to the file it names
// inside the folder. Relative URLs resolve against the referencing file; root-absolute ones
// ("/assets/a.js") against the site root, which is DIR served at `base` ("/app/" for a site
// served under a path). Query and fragment are stripped; other schemes and protocol-relative
// URLs are external.
#pragma once

#include <string>
#include <string_view>

namespace kiln::resolve {

enum class UrlClass {
  local,       // a path inside the folder: `path` is set ('/'-separated, relative to DIR)
  external,    // http:, https:, //host, mailto:, … (`path` holds the URL)
  inline_data, // data:, blob:, javascript:, about: — no request for a file
  fragment,    // "#id" only: a reference into the same document, not a load
  bare,        // a bare module specifier ("react") that only an import map could resolve
  outside,     // climbs above the folder, or is root-absolute outside `base`
  empty,
};

struct ResolvedUrl {
  UrlClass cls = UrlClass::empty;
  std::string path;
};

struct UrlResolver {
  std::string base = "/";  // public base path, always starting and ending with '/'

  // `from` is the referencing file, relative to DIR. `module_specifier` is true for JS import
  // specifiers, where "x/y.js" is a bare specifier rather than a relative URL.
  ResolvedUrl resolve(std::string_view from, std::string_view url, bool module_specifier) const;
};

// "a/b/../c/./d.js" -> "a/c/d.js"; false when it climbs above the root.
bool normalize_path(std::string& path);
std::string percent_decode(std::string_view s);
std::string normalize_base(std::string_view base);  // "app" -> "/app/"

}  // namespace kiln::resolve
