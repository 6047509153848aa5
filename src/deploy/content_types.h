// The Content-Type each file is served with, by extension: one table for every server and
// upload plan kiln writes, so nginx, Caddy and object storage send the same type for a file
// (and none depends on the serving machine's /etc/mime.types). JavaScript is text/javascript
// (RFC 9239); .webmanifest, .mjs, .wasm and .avif are the types older mime tables lack.
#pragma once

#include <string>
#include <string_view>

namespace kiln::deploy {

// The lower-case extension of a path's last segment without the dot ("js"), "" when none.
std::string extension_of(std::string_view path);

// The type for an extension; application/octet-stream when unknown.
std::string content_type_for(std::string_view extension);

}  // namespace kiln::deploy
