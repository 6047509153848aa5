#include "core/json_reader.h"

#include <algorithm>
#include <cstdio>

#include "core/units.h"

namespace kiln {

Result<nlohmann::json> parse_json_text(std::string_view text, const std::string& name, bool comments) {
  try {
    return nlohmann::json::parse(text, nullptr, true, comments);
  } catch (const nlohmann::json::parse_error& e) {
    // "[json.exception.parse_error.101] parse error at line 1, column 34: syntax error …"
    std::string what = e.what(), where = name;
    unsigned line = 0, column = 0;
    size_t at = what.find("parse error at line ");
    if (at != std::string::npos &&
        std::sscanf(what.c_str() + at, "parse error at line %u, column %u", &line, &column) == 2)
      where += ":" + std::to_string(line) + ":" + std::to_string(column);
    size_t colon = what.find(": ", at == std::string::npos ? 0 : at);
    return Error{where + ": invalid JSON: " + (colon == std::string::npos ? what : what.substr(colon + 2))};
  } catch (const nlohmann::json::exception& e) {
    // out_of_range 406: "[json.exception.out_of_range.406] number overflow parsing '1e400'".
    // The parser gives no place: the number's first occurrence in the text is shown.
    std::string what = e.what(), where = name;
    if (size_t q = what.find('\''); q != std::string::npos && what.back() == '\'') {
      std::string literal = what.substr(q + 1, what.size() - q - 2);
      if (size_t at = literal.empty() ? std::string_view::npos : text.find(literal); at != std::string_view::npos) {
        size_t line = 1 + static_cast<size_t>(std::count(text.begin(), text.begin() + static_cast<ptrdiff_t>(at), '\n'));
        size_t nl = text.rfind('\n', at);
        where += ":" + std::to_string(line) + ":" + std::to_string(at - (nl == std::string_view::npos ? 0 : nl + 1) + 1);
      }
    }
    size_t close = what.find("] ");
    return Error{where + ": invalid JSON: " + (close == std::string::npos ? what : what.substr(close + 2))};
  }
}

size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t sub = prev[j - 1] + (std::tolower(a[i - 1]) == std::tolower(b[j - 1]) ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

ObjectReader::ObjectReader(const nlohmann::json& j, std::string path, std::vector<std::string>& errors)
    : j_(j), path_(std::move(path)), errors_(errors) {
  if (!j_.is_object()) errors_.push_back((path_.empty() ? std::string("(top level)") : path_) +
                                         ": expected an object, got " + j_.dump());
}

const nlohmann::json* ObjectReader::find(const std::string& key) {
  known_.push_back(key);
  if (!j_.is_object()) return nullptr;
  auto it = j_.find(key);
  return it == j_.end() ? nullptr : &*it;
}

bool ObjectReader::has(const std::string& key) { return j_.is_object() && j_.contains(key); }

void ObjectReader::error(const std::string& key, const std::string& expected) {
  std::string got = j_.is_object() && j_.contains(key) ? j_.at(key).dump() : "nothing";
  if (got.size() > 60) got = got.substr(0, 57) + "...";
  errors_.push_back(at(key) + ": expected " + expected + ", got " + got);
}

void ObjectReader::get(const std::string& key, bool& out) {
  if (auto* v = find(key)) {
    if (v->is_boolean()) out = v->get<bool>();
    else error(key, "true or false");
  }
}

void ObjectReader::get(const std::string& key, int& out, int lo, int hi) {
  if (auto* v = find(key)) {
    if (v->is_number_integer() && v->get<int64_t>() >= lo && v->get<int64_t>() <= hi) out = v->get<int>();
    else error(key, "an integer from " + std::to_string(lo) + " to " + std::to_string(hi));
  }
}

void ObjectReader::get(const std::string& key, double& out, double lo, double hi) {
  if (auto* v = find(key)) {
    if (v->is_number() && v->get<double>() >= lo && v->get<double>() <= hi) out = v->get<double>();
    else error(key, "a number from " + std::to_string(lo).substr(0, 3) + " to " + std::to_string(hi).substr(0, 3));
  }
}

void ObjectReader::get(const std::string& key, std::string& out) {
  if (auto* v = find(key)) {
    if (v->is_string()) out = v->get<std::string>();
    else error(key, "a string");
  }
}

void ObjectReader::get(const std::string& key, std::vector<std::string>& out) {
  if (auto* v = find(key)) {
    if (v->is_string()) {
      out = {v->get<std::string>()};
      return;
    }
    if (!v->is_array() || !std::all_of(v->begin(), v->end(), [](const auto& e) { return e.is_string(); })) {
      error(key, "a list of strings");
      return;
    }
    out.clear();
    for (const auto& e : *v) out.push_back(e.get<std::string>());
  }
}

void ObjectReader::get_size(const std::string& key, uint64_t& out) {
  if (auto* v = find(key)) {
    if (v->is_number_unsigned()) {
      out = v->get<uint64_t>();
    } else if (v->is_string()) {
      auto r = parse_bytes(v->get<std::string>());
      if (r) out = *r;
      else errors_.push_back(at(key) + ": " + r.error());
    } else {
      error(key, "a size in bytes or a string such as \"10 kB\"");
    }
  }
}

const nlohmann::json* ObjectReader::object(const std::string& key) {
  auto* v = find(key);
  if (!v) return nullptr;
  if (!v->is_object()) {
    error(key, "an object");
    return nullptr;
  }
  return v;
}

void ObjectReader::accept(const std::string& key) { known_.push_back(key); }

void ObjectReader::finish() {
  if (!j_.is_object()) return;
  for (const auto& [key, _] : j_.items()) {
    if (std::find(known_.begin(), known_.end(), key) != known_.end()) continue;
    if (key == "$schema" || key.rfind("//", 0) == 0) continue;  // editors' schema hint, comment keys
    std::string best;
    size_t best_d = 1000;
    for (const auto& k : known_) {
      size_t d = edit_distance(key, k);
      if (d < best_d) best_d = d, best = k;
    }
    std::string msg = at(key) + ": unknown key";
    if (!best.empty() && best_d <= std::max<size_t>(2, key.size() / 3)) msg += " (did you mean \"" + best + "\"?)";
    errors_.push_back(msg);
  }
}

}  // namespace kiln
