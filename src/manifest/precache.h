// The service-worker precache list, as workbox-build's getManifest/injectManifest make it:
// entries {url, revision} for the files matching globPatterns and not globIgnores, with
// revision = MD5 hex of the content, or null for URLs that carry their own content hash
// (workbox's dontCacheBustURLsMatching), optional SRI integrity, modifyURLPrefix applied,
// additionalManifestEntries appended. Files over maximumFileSizeToCacheInBytes are left out
// and listed, never dropped silently.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"
#include "scan/scanner.h"

namespace kiln::manifest {

struct PrecacheOptions {
  std::vector<std::string> glob_patterns = {"**/*.{js,wasm,css,html}"};  // workbox's default
  std::vector<std::string> glob_ignores = {"**/node_modules/**/*"};
  uint64_t max_size = 2 * 1024 * 1024;  // maximumFileSizeToCacheInBytes
  std::vector<std::pair<std::string, std::string>> modify_url_prefix;
  std::vector<std::pair<std::string, std::optional<std::string>>> additional;  // url, revision
  std::function<bool(const std::string&)> is_hashed;  // dontCacheBustURLsMatching, given the URL
  bool integrity = false;
  std::vector<std::string> exclude_paths;  // the service worker itself
};

struct PrecacheEntry {
  std::string url;
  std::optional<std::string> revision;
  std::string integrity;
  uint64_t size = 0;
};

struct PrecacheList {
  std::vector<PrecacheEntry> entries;
  std::vector<std::pair<std::string, uint64_t>> too_large;  // path, size
  uint64_t total_size = 0;
};

// `read` gives a file's bytes by its path relative to the folder.
PrecacheList make_precache(const std::vector<scan::FileEntry>& files, const PrecacheOptions& options,
                           const std::function<Result<std::string>(const std::string&)>& read,
                           std::vector<std::pair<std::string, std::string>>& errors);

std::string precache_json(const PrecacheList& list, int indent);

// dontCacheBustURLsMatching: a regular expression tested against the whole URL, as workbox
// does; an empty pattern gives kiln's rule for content-hashed file names.
Result<std::function<bool(const std::string&)>> url_hash_matcher(const std::string& pattern);

// Replaces the injection point `self.__WB_MANIFEST` (exactly once) with the list, or the list
// kiln injected before (between its markers), so that running again updates it in place.
Result<std::string> inject_manifest(const std::string& sw, const PrecacheList& list);

}  // namespace kiln::manifest
