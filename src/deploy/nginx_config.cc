// The nginx `server` block for a built folder. Facts it relies on (nginx 1.22, Debian's
// libnginx-mod-http-brotli-static):
// - gzip_static / brotli_static serve `file.gz` / `file.br` for a request of `file` when the
//   client accepts the encoding; brotli_static sets the same flag as gzip_static, so
//   `gzip_vary on` makes nginx add `Vary: Accept-Encoding` to both.
// - The type comes from the requested name's extension, looked up in `types`; a `types` block
//   replaces the inherited table, so it lists every extension the folder has.
// - add_header in a location replaces the server's; each location states its Cache-Control.
//   Without `always` it applies to 200/204/206/301/302/303/304/307/308 only, so a 404 under
//   an immutable folder is never cached for a year.
// - An exact location (`=`) wins over a prefix; `^~` stops the regex search. Rules come from
//   `_headers`' plan, where the two classes never overlap, and every other URL is revalidated.

#include "deploy/configs.h"

namespace kiln::deploy {

std::string nginx_config(const ServePlan& plan, const ServerOptions& options) {
  std::string out =
      "# nginx server block for " + options.root +
      ", written by kiln deploy-config from the plan _headers is made from.\n"
      "# Include it inside `http { }`. brotli_static needs ngx_http_brotli_static_module\n"
      "# (Debian: libnginx-mod-http-brotli-static).\n"
      "server {\n"
      "    listen " + options.listen + ";\n"
      "    root " + double_quoted(options.root) + ";\n"
      "    index index.html;\n\n"
      "    # Precompressed sidecars (.br, .gz) written by kiln compress; Vary: Accept-Encoding on both.\n"
      "    gzip_static on;\n"
      "    brotli_static on;\n"
      "    gzip_vary on;\n\n"
      "    # Every extension in the folder (this block replaces nginx's mime.types here).\n"
      "    types {\n";
  for (const auto& [ext, type] : plan.types) out += "        " + type + " " + ext + ";\n";
  out += "    }\n    default_type application/octet-stream;\n\n";
  out += "    # Content-hashed names: cached for a year, never revalidated.\n";
  std::string immutable = std::string("        add_header Cache-Control \"") + cache_control(true) + "\";\n";
  for (const auto& rule : plan.rules) {
    if (!rule.immutable) continue;
    const std::string& p = rule.pattern;
    if (!p.empty() && p.back() == '*') out += "    location ^~ " + double_quoted(p.substr(0, p.size() - 1)) + " {\n";
    else out += "    location = " + double_quoted(p) + " {\n";
    out += immutable + "    }\n";
  }
  out += "    # Pages, the service worker and every other name: revalidated on each use.\n"
         "    location / {\n"
         "        add_header Cache-Control \"" + std::string(cache_control(false)) + "\";\n"
         "    }\n"
         "}\n";
  return out;
}

}  // namespace kiln::deploy
