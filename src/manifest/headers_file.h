// `_headers` for Netlify and Cloudflare Pages: content-hashed files are cached for a year and
// marked immutable; pages, the service worker and every other unhashed file are revalidated
// on each use (no-cache). Rules are grouped by folder (`/assets/*`) when every file below a
// folder is of one class, to stay inside Cloudflare's limits (100 rules, 2,000 characters a
// line). Both hosts merge the headers of every rule that matches a URL, so the two classes
// never share a rule or overlap.
#pragma once

#include <string>
#include <vector>

namespace kiln::manifest {

struct HeaderInput {
  std::string path;  // final path, relative to the folder
  bool immutable = false;
};

struct HeadersFile {
  std::string text;
  size_t rules = 0;
};

inline constexpr const char* kImmutable = "public, max-age=31536000, immutable";
inline constexpr const char* kNoCache = "no-cache";

// The rules `_headers` states, immutable ones first, then by pattern: "/assets/*" for a folder
// whose files are all of one class, else one rule per file (and "/dir/" for an index page).
// kiln deploy-config turns the same rules into nginx locations and Caddy matchers.
struct HeaderRule {
  std::string pattern;
  bool immutable = false;
};
std::vector<HeaderRule> header_rules(std::vector<HeaderInput> files, const std::string& base);

HeadersFile make_headers(std::vector<HeaderInput> files, const std::string& base);

}  // namespace kiln::manifest
