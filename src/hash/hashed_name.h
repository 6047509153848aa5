// Content-hashed file names: recognising them (`index-4f2a9c1b.js`, `app.3f2a1b9c.css`,
// Vite's `index-BQ4x_1aZ.js`) and making them from a pattern (`[name]-[hash][ext]`).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "core/user_regex.h"

namespace kiln::hash {

struct NameParts {
  std::string dir;   // "assets/" or ""
  std::string name;  // "index.min"
  std::string ext;   // ".js" ("" when none)
};
NameParts split_name(std::string_view path);

// The hash segment of a name already content-hashed: the last "-" or "." separated part of
// the name before the extension, 8 to 64 characters, that is hex, or base64url/base32 with both
// letters and digits (or both cases). Plain words ("standalone") are not hashes.
std::optional<std::string> hash_segment(std::string_view path);

// The path without its hash segment and the '-' or '.' before it: "img/photo-a7357eb0.jpg"
// -> "img/photo.jpg", "img/photo-640w-9b8e77d0.webp" -> "img/photo-640w.webp"; the path
// itself when its name is not hashed. How a re-run knows a hashed file for what it was.
std::string without_hash(std::string_view path);

class HashNamer {
 public:
  // `pattern` uses [name], [hash] and [ext]; `hashed_regex`, when not empty, says which file
  // names (the part after the last '/') are already hashed, replacing the built-in rule.
  static Result<HashNamer> make(std::string pattern, size_t hash_length, const std::string& hashed_regex);

  bool is_hashed(std::string_view path) const;
  // Hex digest of `content`, `hash_length` characters.
  std::string digest(std::string_view content) const;
  // The new path for `path` with `hash`: a fresh name from the pattern, or, for a name that is
  // already hashed, the old hash segment replaced.
  std::string rename(std::string_view path, std::string_view hash) const;

 private:
  std::string pattern_ = "[name]-[hash][ext]";
  size_t length_ = 8;
  std::optional<UserRegex> hashed_;
};

}  // namespace kiln::hash
