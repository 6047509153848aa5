// The Caddyfile for a built folder (Caddy 2.6, Debian's caddy package). Facts it relies on:
// - `file_server { precompressed br gzip }` serves `file.br` / `file.gz` for a request of
//   `file` by the client's Accept-Encoding, in that order of preference on a tie, and adds
//   `Vary: Accept-Encoding`.
// - file_server sets Content-Type from the extension only when none is set yet, so the
//   `header` lines (which run before it) fix the type for every extension in the folder.
// - Path matchers take `*.ext` suffixes and `/dir/*` prefixes; the same rules as `_headers`,
//   and everything the immutable rules do not match is revalidated. The immutable matcher
//   also requires the file to exist (`file`): `header` applies to every response, and a 404
//   under /assets/ must not be cached for a year.
#include <cctype>
#include <map>

#include "deploy/configs.h"

namespace kiln::deploy {

namespace {

std::string site_address(const std::string& listen) {
  bool digits = !listen.empty() && listen.find_first_not_of("0123456789") == std::string::npos;
  std::string address;  // built with += : GCC 12's -Wrestrict misfires on "literal" + string
  if (digits) return (address = ":") += listen;
  if (listen.find("://") != std::string::npos) return listen;
  if (!listen.empty() && (std::isdigit(static_cast<unsigned char>(listen[0])) || listen[0] == '['))
    return (address = "http://") += listen;  // an address and port: plain HTTP
  return listen;                // a host name: Caddy's automatic HTTPS
}

}  // namespace

std::string caddy_config(const ServePlan& plan, const ServerOptions& options) {
  std::string out = "# Caddyfile for " + options.root +
                    ", written by kiln deploy-config from the plan _headers is made from.\n" +
                    site_address(options.listen) + " {\n\troot * " + double_quoted(options.root) + "\n\n";
  std::string immutable_paths;
  for (const auto& rule : plan.rules)
    if (rule.immutable) immutable_paths += " " + double_quoted(rule.pattern);
  out += "\t# Content-hashed names: cached for a year, never revalidated. Everything else: revalidated.\n";
  if (!immutable_paths.empty()) {
    out += "\t@kiln_immutable {\n\t\tpath" + immutable_paths + "\n\t\tfile\n\t}\n";
    out += std::string("\theader @kiln_immutable Cache-Control \"") + cache_control(true) + "\"\n";
    out += "\t@kiln_revalidate not path" + immutable_paths + "\n";
    out += std::string("\theader @kiln_revalidate Cache-Control \"") + cache_control(false) + "\"\n\n";
  } else {
    out += std::string("\theader Cache-Control \"") + cache_control(false) + "\"\n\n";
  }
  // One matcher per type, its extensions in order.
  std::map<std::string, std::string> by_type;
  for (const auto& [ext, type] : plan.types) by_type[type] += " *." + ext;
  out += "\t# The type of every extension in the folder.\n";
  size_t n = 0;
  for (const auto& [type, patterns] : by_type) {
    std::string name = "@kiln_type" + std::to_string(n++);
    out += "\t" + name + " path" + patterns + "\n";
    out += "\theader " + name + " Content-Type " + double_quoted(type) + "\n";
  }
  std::string encodings = plan.has("zstd") ? "zstd br gzip" : "br gzip";
  out += "\n\t# Precompressed sidecars written by kiln compress.\n\tfile_server {\n\t\tprecompressed " + encodings +
         "\n\t}\n}\n";
  return out;
}

}  // namespace kiln::deploy
