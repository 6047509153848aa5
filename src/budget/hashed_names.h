// Matching files across two builds whose names carry content hashes: `index-4f2a9c1b.js`
// in the base branch is `index-9b8e77d0.js` now. A name is normalised by replacing each
// hash-looking part with "[hash]":
//   webpack  [name].[contenthash:8].js   main.0a9b8c7d.js     -> main.[hash].js
//   Vite     [name]-[hash].js            index-BQ4x_1aZ.js    -> index-[hash].js
//            (Rollup's 8-char base64url hash, which may itself contain '-' or '_')
//   others   [name]-[hex].js             vendor-8d7e6f5a.js   -> vendor-[hash].js
// A part is a hash when it is hex of 8+ characters (6-7 with a digit), or exactly 8
// base64url characters with a digit, '_', '-', or an upper-case letter after the first
// (so "settings" or "Profiler" stay names).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kiln::budget {

std::string normalize_hashed_name(std::string_view path);

struct NamedSize {
  std::string path;
  uint64_t size = 0;
};

struct FileMatch {
  std::vector<std::pair<size_t, size_t>> pairs;  // (index in before, index in after), by after's order
  std::vector<size_t> added;                     // indexes in after
  std::vector<size_t> removed;                   // indexes in before
};

// Same path first; then same normalised name; when several files share a normalised name
// (Vite's many `index-*.js`), they pair up by size order, closest first.
FileMatch match_files(const std::vector<NamedSize>& before, const std::vector<NamedSize>& after);

}  // namespace kiln::budget
