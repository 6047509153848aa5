// Reading a JSON config section with every value checked: each getter names the JSON path
// in its message ("images.quality: expected an integer from 1 to 100, got \"high\""), and
// finish() reports keys nobody asked for, with the nearest valid key as a suggestion.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace kiln {

// `text` parsed as JSON (`comments`: // and /* */ allowed), or the error every config and
// report reader gives: "NAME:LINE:COLUMN: invalid JSON: what the parser expected".
Result<nlohmann::json> parse_json_text(std::string_view text, const std::string& name, bool comments);

// Edit distance, for "did you mean".
size_t edit_distance(const std::string& a, const std::string& b);

class ObjectReader {
 public:
  ObjectReader(const nlohmann::json& j, std::string path, std::vector<std::string>& errors);

  bool has(const std::string& key);
  void get(const std::string& key, bool& out);
  void get(const std::string& key, int& out, int lo, int hi);
  void get(const std::string& key, double& out, double lo, double hi);
  void get(const std::string& key, std::string& out);
  void get(const std::string& key, std::vector<std::string>& out);
  // Bytes: a number, or a string such as "1 KiB", "10 kB".
  void get_size(const std::string& key, uint64_t& out);
  // A nested object (marked known); null when absent or not an object (reported).
  const nlohmann::json* object(const std::string& key);
  // Marks a key as known without reading it (read by someone else).
  void accept(const std::string& key);
  const std::string& path() const { return path_; }
  std::string at(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }
  void error(const std::string& key, const std::string& expected);
  // Reports unknown keys. Call once, after every get.
  void finish();

 private:
  const nlohmann::json* find(const std::string& key);

  const nlohmann::json& j_;
  std::string path_;
  std::vector<std::string>& errors_;
  std::vector<std::string> known_;
};

}  // namespace kiln
