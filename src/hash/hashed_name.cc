#include "hash/hashed_name.h"

#include <cctype>

#include "core/digest.h"

namespace kiln::hash {

NameParts split_name(std::string_view path) {
  NameParts p;
  size_t slash = path.rfind('/');
  p.dir = slash == std::string_view::npos ? "" : std::string(path.substr(0, slash + 1));
  std::string_view base = slash == std::string_view::npos ? path : path.substr(slash + 1);
  size_t dot = base.rfind('.');
  if (dot == std::string_view::npos || dot == 0) {
    p.name = std::string(base);
  } else {
    p.name = std::string(base.substr(0, dot));
    p.ext = std::string(base.substr(dot));
  }
  return p;
}

namespace {

bool hash_like(std::string_view s) {
  if (s.size() < 8 || s.size() > 64) return false;
  bool hex = true, digit = false, lower = false, upper = false;
  for (char c : s) {
    if (std::isdigit(static_cast<unsigned char>(c))) digit = true;
    else if (c >= 'a' && c <= 'z') lower = true;
    else if (c >= 'A' && c <= 'Z') upper = true;
    else if (c != '_' && c != '-') return false;
    if (!std::isxdigit(static_cast<unsigned char>(c)) || std::isupper(static_cast<unsigned char>(c))) hex = false;
  }
  if (hex) return true;
  if (digit) return lower || upper;
  if (!(lower && upper)) return false;
  // Letters of both cases and no digit: a base64url hash ("DkQaVbWx": a quarter of Vite's
  // 8-character hashes have no digit) or a camelCase word ("editorInk", "menuArrow" in
  // pdf.js). Words put at least two lower-case letters after each capital; hashes rarely do.
  bool word_like = true;
  for (size_t i = 0; i < s.size() && word_like; ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (std::isupper(c))
      word_like = i + 2 < s.size() && std::islower(static_cast<unsigned char>(s[i + 1])) &&
                  std::islower(static_cast<unsigned char>(s[i + 2]));
    else if (!std::islower(c))
      word_like = false;  // '_' or '-'
  }
  return !word_like;
}

}  // namespace

std::optional<std::string> hash_segment(std::string_view path) {
  NameParts p = split_name(path);
  std::string_view name = p.name;
  size_t cut = name.find_last_of("-.");
  if (cut == std::string_view::npos || cut == 0) return std::nullopt;
  std::string_view candidate = name.substr(cut + 1);
  // Vite's base64url hashes may themselves contain '-' or '_': try the longest 8-char tail too.
  if (hash_like(candidate)) return std::string(candidate);
  if (name.size() > 9 && (name[name.size() - 9] == '-' || name[name.size() - 9] == '.')) {
    std::string_view tail = name.substr(name.size() - 8);
    if (hash_like(tail)) return std::string(tail);
  }
  return std::nullopt;
}

std::string without_hash(std::string_view path) {
  auto segment = hash_segment(path);
  if (!segment) return std::string(path);
  NameParts p = split_name(path);
  return p.dir + p.name.substr(0, p.name.size() - segment->size() - 1) + p.ext;
}

Result<HashNamer> HashNamer::make(std::string pattern, size_t hash_length, const std::string& hashed_regex) {
  HashNamer n;
  if (pattern.find("[hash]") == std::string::npos)
    return Error{"the name pattern must contain [hash], got '" + pattern + "'"};
  if (hash_length < 8 || hash_length > 64) return Error{"the hash length must be 8 to 64"};
  n.pattern_ = std::move(pattern);
  n.length_ = hash_length;
  if (!hashed_regex.empty()) {
    auto re = UserRegex::compile(hashed_regex);
    if (!re) return Error{"the hashed-name pattern is not a valid regular expression: " + re.error()};
    n.hashed_ = std::move(*re);
  }
  return n;
}

bool HashNamer::is_hashed(std::string_view path) const {
  if (hashed_) {
    size_t slash = path.rfind('/');
    return hashed_->search(slash == std::string_view::npos ? path : path.substr(slash + 1));
  }
  return hash_segment(path).has_value();
}

std::string HashNamer::digest(std::string_view content) const {
  return sha256_hex(content).substr(0, length_);
}

std::string HashNamer::rename(std::string_view path, std::string_view hash) const {
  NameParts p = split_name(path);
  if (auto old = hash_segment(path); old && !hashed_) {
    std::string name = p.name;
    name.replace(name.size() - old->size(), old->size(), hash);
    return p.dir + name + p.ext;
  }
  std::string out = pattern_;
  auto replace_all = [&](std::string_view token, const std::string& value) {
    for (size_t at = out.find(token); at != std::string::npos; at = out.find(token, at + value.size()))
      out.replace(at, token.size(), value);
  };
  replace_all("[name]", p.name);
  replace_all("[hash]", std::string(hash));
  replace_all("[ext]", p.ext);
  return p.dir + out;
}

}  // namespace kiln::hash
