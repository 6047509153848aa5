#include "parse/css_scanner.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>

#include "parse/text_decode.h"

namespace kiln::parse {

namespace {

bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
bool is_newline(char c) { return c == '\n' || c == '\r' || c == '\f'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool is_name_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || static_cast<unsigned char>(c) >= 0x80;
}
bool is_name(char c) { return is_name_start(c) || is_digit(c) || c == '-'; }
bool is_non_printable(char c) {
  auto u = static_cast<unsigned char>(c);
  return u <= 0x08 || u == 0x0B || (u >= 0x0E && u <= 0x1F) || u == 0x7F;
}

// What an open bracket on the stack is, so a string knows whether it is a url("…") argument,
// an image-set() entry, or neither.
enum class Frame : uint8_t { other, url, image_set };

class Scanner {
 public:
  Scanner(std::string_view css, bool source_map, std::vector<Reference>& out)
      : s_(css), n_(css.size()), source_map_(source_map), out_(out) {}

  void run();
  std::optional<CssProblem> problem;  // the first structural error

 private:
  void note(size_t byte, std::string message) {
    if (!problem || byte < problem->byte) problem = CssProblem{byte, std::move(message)};
  }
  std::string position_of(size_t byte) const;
  void open(Frame f, size_t byte) {
    stack_.push_back(f);
    opened_.push_back(byte);
  }
  void close(char c);

  bool valid_escape(size_t i) const { return i + 1 < n_ && s_[i] == '\\' && !is_newline(s_[i + 1]); }
  bool starts_ident(size_t i) const;
  size_t consume_escape(size_t i) const;  // i is just after the backslash; returns the end
  size_t consume_name(size_t i) const;
  void consume_comment();
  void consume_string();
  void consume_url(size_t after_paren);
  void consume_ident_like();
  // @font-face: a `src` declaration starts, or one of its format()/tech() hints is read.
  void start_font_src();
  bool read_font_hint(std::string_view name);
  void emit(RefKind kind, size_t b, size_t e);
  // Where a url/string found at the current bracket depth belongs.
  std::optional<RefKind> kind_for_url() const;
  std::optional<RefKind> kind_for_string() const;

  std::string_view s_;
  size_t n_;
  size_t i_ = 0;
  bool source_map_;
  std::vector<Reference>& out_;
  std::vector<Frame> stack_;
  std::vector<size_t> opened_;  // where each open bracket of stack_ is
  // An @import prelude is open (until ; or {) and has not had its URL yet.
  bool import_open_ = false;
  size_t import_depth_ = 0;
  bool namespace_open_ = false;  // @namespace prefix url(…): a name, not a load
  std::optional<std::pair<size_t, size_t>> map_url_;  // the last sourceMappingURL comment
  // @font-face: the keyword was seen and its block not yet opened; the depth of its open
  // block (0: none); inside it, a `src` declaration is open, its group and entry (option).
  bool font_face_pending_ = false;
  size_t font_face_depth_ = 0;
  bool font_src_open_ = false;
  uint32_t font_group_ = 0, font_option_ = 0;
  uint32_t last_group_ = 0;  // the highest group in out_; read from out_ when first needed
  bool groups_counted_ = false;
};

bool Scanner::starts_ident(size_t i) const {
  if (i >= n_) return false;
  char c = s_[i];
  if (c == '-') {
    if (i + 1 >= n_) return false;
    return is_name_start(s_[i + 1]) || s_[i + 1] == '-' || valid_escape(i + 1);
  }
  return is_name_start(c) || valid_escape(i);
}

size_t Scanner::consume_escape(size_t i) const {
  if (i >= n_) return i;
  if (!is_hex(s_[i])) return i + 1;
  size_t j = i;
  while (j < n_ && j - i < 6 && is_hex(s_[j])) ++j;
  if (j < n_ && is_ws(s_[j])) j += (s_[j] == '\r' && j + 1 < n_ && s_[j + 1] == '\n') ? 2 : 1;
  return j;
}

size_t Scanner::consume_name(size_t i) const {
  while (i < n_) {
    if (is_name(s_[i])) {
      ++i;
    } else if (valid_escape(i)) {
      i = consume_escape(i + 1);
    } else {
      break;
    }
  }
  return i;
}

void Scanner::consume_comment() {
  size_t body = i_ + 2;
  size_t close = s_.find("*/", body);
  if (close == std::string_view::npos) note(i_, "comment never closed ('/*' without '*/')");
  size_t body_end = close == std::string_view::npos ? n_ : close;
  i_ = close == std::string_view::npos ? n_ : close + 2;
  if (!source_map_) return;
  // /*# sourceMappingURL=… */ (or the older /*@ form); the last one wins.
  if (body >= body_end || (s_[body] != '#' && s_[body] != '@')) return;
  size_t j = body + 1;
  while (j < body_end && is_ws(s_[j])) ++j;
  static constexpr std::string_view kKey = "sourceMappingURL=";
  if (s_.substr(j, kKey.size()) != kKey || j + kKey.size() > body_end) return;
  size_t b = j + kKey.size(), e = b;
  while (e < body_end && !is_ws(s_[e])) ++e;
  if (e > b) map_url_ = {b, e};
}

std::optional<RefKind> Scanner::kind_for_url() const {
  if (namespace_open_) return std::nullopt;
  if (import_open_ && stack_.size() == import_depth_) return RefKind::css_import;
  return RefKind::css_url;
}

std::optional<RefKind> Scanner::kind_for_string() const {
  if (namespace_open_) return std::nullopt;
  if (!stack_.empty()) {
    if (stack_.back() == Frame::url) {
      if (import_open_ && stack_.size() == import_depth_ + 1) return RefKind::css_import;
      return RefKind::css_url;
    }
    if (stack_.back() == Frame::image_set) return RefKind::css_image_set;
  }
  if (import_open_ && stack_.size() == import_depth_) return RefKind::css_import;
  return std::nullopt;
}

void Scanner::emit(RefKind kind, size_t b, size_t e) {
  Reference r;
  r.kind = kind;
  r.begin = static_cast<uint32_t>(b);
  r.end = static_cast<uint32_t>(e);
  std::string_view raw = s_.substr(b, e - b);
  if (raw.find('\\') != std::string_view::npos) {
    r.specifier = decode_css_escapes(raw);
    r.decoded = r.specifier != raw;
  } else {
    r.specifier.assign(raw);
  }
  if (kind == RefKind::css_import) import_open_ = false;
  if (kind == RefKind::css_url && font_src_open_) r.group = font_group_, r.option = font_option_;
  out_.push_back(std::move(r));
}

void Scanner::consume_string() {
  char quote = s_[i_];
  size_t b = ++i_;
  while (i_ < n_) {
    char c = s_[i_];
    if (c == quote) {
      if (auto kind = kind_for_string()) emit(*kind, b, i_);
      ++i_;
      return;
    }
    if (is_newline(c)) {  // bad-string: not a reference; the newline is re-read
      note(b - 1, "string broken by a line break (no closing quote)");
      return;
    }
    if (c == '\\') {
      if (i_ + 1 >= n_) {
        ++i_;
      } else if (s_[i_ + 1] == '\r' && i_ + 2 < n_ && s_[i_ + 2] == '\n') {
        i_ += 3;
      } else if (is_newline(s_[i_ + 1])) {
        i_ += 2;
      } else {
        i_ = consume_escape(i_ + 1);
      }
      continue;
    }
    ++i_;
  }
  // EOF inside a string: still a string token (a parse error), so still a reference.
  note(b - 1, "string never closed");
  if (auto kind = kind_for_string()) emit(*kind, b, n_);
}

void Scanner::consume_url(size_t after_paren) {
  size_t j = after_paren;
  while (j < n_ && is_ws(s_[j])) ++j;
  size_t b = j, e = j;
  while (j < n_) {
    char c = s_[j];
    if (c == ')') {
      i_ = j + 1;
      if (auto kind = kind_for_url(); kind && e > b) emit(*kind, b, e);
      return;
    }
    if (is_ws(c)) {
      while (j < n_ && is_ws(s_[j])) ++j;
      if (j >= n_ || s_[j] == ')') continue;
      break;  // bad url
    }
    if (c == '"' || c == '\'' || c == '(' || is_non_printable(c)) break;
    if (c == '\\') {
      if (!valid_escape(j)) break;
      j = consume_escape(j + 1);
      e = j;
      continue;
    }
    e = ++j;
  }
  if (j >= n_) {  // EOF: a url token all the same
    note(after_paren - 1, "url( never closed");
    i_ = n_;
    if (auto kind = kind_for_url(); kind && e > b) emit(*kind, b, e);
    return;
  }
  // The remnants of a bad url: browsers ignore it, so there is nothing to load.
  note(after_paren - 1, "bad url(): a quote, space or '(' inside an unquoted url");
  while (j < n_ && s_[j] != ')') j += valid_escape(j) ? 2 : 1;
  i_ = j < n_ ? j + 1 : n_;
}

void Scanner::consume_ident_like() {
  size_t b = i_;
  size_t e = consume_name(i_);
  i_ = e;
  bool in_font_face = font_face_depth_ && stack_.size() == font_face_depth_;
  if (i_ >= n_ || s_[i_] != '(') {
    if (!in_font_face || e - b != 3 || (s_[b] | 0x20) != 's' || (s_[b + 1] | 0x20) != 'r' || (s_[b + 2] | 0x20) != 'c')
      return;
    size_t j = i_;
    while (j < n_ && is_ws(s_[j])) ++j;
    if (j < n_ && s_[j] == ':') start_font_src();
    return;
  }
  std::string_view name = s_.substr(b, e - b);
  std::string decoded;
  if (name.find('\\') != std::string_view::npos) {
    decoded = decode_css_escapes(name);
    name = decoded;
  }
  auto lower_eq = [&](std::string_view want) {
    if (name.size() != want.size()) return false;
    for (size_t k = 0; k < want.size(); ++k) {
      char c = name[k];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (c != want[k]) return false;
    }
    return true;
  };
  ++i_;  // the '('
  if (font_src_open_ && in_font_face && (lower_eq("format") || lower_eq("tech")) &&
      read_font_hint(lower_eq("format") ? "format" : "tech"))
    return;
  if (lower_eq("url")) {
    size_t j = i_;
    while (j < n_ && is_ws(s_[j])) ++j;
    if (j < n_ && (s_[j] == '"' || s_[j] == '\'')) {
      open(Frame::url, i_ - 1);  // url("…"): a function token, the string follows
    } else {
      consume_url(i_);
    }
    return;
  }
  if (lower_eq("src")) {
    open(Frame::url, i_ - 1);  // CSS Values 4 src("…")
  } else if (lower_eq("image-set") || lower_eq("-webkit-image-set")) {
    open(Frame::image_set, i_ - 1);
  } else {
    open(Frame::other, i_ - 1);
  }
}

void Scanner::start_font_src() {
  if (!groups_counted_) {
    for (const auto& r : out_) last_group_ = std::max(last_group_, r.group);
    groups_counted_ = true;
  }
  if (font_group_ && font_group_ == last_group_) {
    // A second `src` in one @font-face: the cascade keeps the last, the earlier entries are
    // never fetched (the `src: url(x.eot)` line of the "bulletproof" pattern).
    for (auto& r : out_)
      if (r.group == font_group_) r.type = "overridden";
    ++font_option_;
  } else {
    font_group_ = ++last_group_;
    font_option_ = 0;
  }
  font_src_open_ = true;
}

// format("woff2") / format(woff2, woff) / tech(variations): appended, lower-cased and without
// quotes or spaces, to the type of the current entry's url. False (nothing consumed) when the
// ')' is missing: the tokenizer then reads it as any other function.
bool Scanner::read_font_hint(std::string_view name) {
  size_t close_at = s_.find(')', i_);
  if (close_at == std::string_view::npos) return false;
  std::string hint(name);
  hint += '(';
  for (size_t k = i_; k < close_at; ++k) {
    char c = s_[k];
    if (c == '"' || c == '\'' || is_ws(c)) continue;
    hint += c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  }
  hint += ')';
  for (auto it = out_.rbegin(); it != out_.rend() && it->group == font_group_; ++it)
    if (it->option == font_option_) it->type += (it->type.empty() ? "" : " ") + hint;
  i_ = close_at + 1;
  return true;
}

void Scanner::run() {
  while (i_ < n_) {
    char c = s_[i_];
    if (c == '/' && i_ + 1 < n_ && s_[i_ + 1] == '*') {
      consume_comment();
    } else if (c == '"' || c == '\'') {
      consume_string();
    } else if (is_digit(c) || (c == '.' && i_ + 1 < n_ && is_digit(s_[i_ + 1]))) {
      // A number and its unit: `2url(` is a dimension, not a function.
      while (i_ < n_ && (is_digit(s_[i_]) || s_[i_] == '.')) ++i_;
      if (starts_ident(i_)) i_ = consume_name(i_);
    } else if (c == '#') {
      i_ = consume_name(i_ + 1);
    } else if (c == '@') {
      size_t e = starts_ident(i_ + 1) ? consume_name(i_ + 1) : i_ + 1;
      std::string_view kw = s_.substr(i_ + 1, e - i_ - 1);
      auto keyword_is = [&](std::string_view want) {
        if (kw.size() != want.size()) return false;
        for (size_t k = 0; k < want.size(); ++k)
          if ((kw[k] | 0x20) != want[k]) return false;
        return true;
      };
      if (keyword_is("import")) {
        import_open_ = true;
        import_depth_ = stack_.size();
      } else if (keyword_is("namespace")) {
        namespace_open_ = true;
      } else if (keyword_is("font-face")) {
        font_face_pending_ = true;
      }
      i_ = e;
    } else if (starts_ident(i_)) {
      consume_ident_like();
    } else if (c == '\\') {
      i_ += 2;  // an invalid escape (backslash-newline) is a delim; skip it
    } else {
      if (c == '(' || c == '[' || c == '{') open(Frame::other, i_);
      if (c == '{' && font_face_pending_) font_face_depth_ = stack_.size(), font_group_ = 0;
      bool at_font_face = font_face_depth_ && stack_.size() == font_face_depth_;
      if (c == ',' && at_font_face && font_src_open_) ++font_option_;
      if ((c == ';' || c == '}') && at_font_face) font_src_open_ = false;
      if (c == ')' || c == ']' || c == '}') close(c);
      if (font_face_depth_ && stack_.size() < font_face_depth_) font_face_depth_ = 0;
      if (c == ';' || c == '{' || c == '}') import_open_ = namespace_open_ = font_face_pending_ = false;
      ++i_;
    }
  }
  if (!opened_.empty())
    note(opened_.back(), std::string("'") + s_[opened_.back()] + "' is never closed");
  if (map_url_) emit(RefKind::source_map, map_url_->first, map_url_->second);
}

// "line:column" of `byte` (1-based, columns in bytes as everywhere in kiln's messages).
std::string Scanner::position_of(size_t byte) const {
  size_t line = 1, start = 0;
  for (size_t k = 0; k < byte && k < n_; ++k)
    if (s_[k] == '\n') line++, start = k + 1;
  return std::to_string(line) + ":" + std::to_string(byte - start + 1);
}

// A closing bracket: pops the innermost open one, noting a bracket that closes nothing or
// closes a bracket of another kind (both are popped as before, the references do not change).
void Scanner::close(char c) {
  if (stack_.empty()) {
    note(i_, std::string("'") + c + "' closes nothing");
    return;
  }
  char want = c == ')' ? '(' : c == ']' ? '[' : '{';
  char got = s_[opened_.back()];
  if (got != want && (!problem || i_ < problem->byte))  // position_of is a scan from the start
    note(i_, std::string("'") + c + "' closes the '" + got + "' opened at " +
                 position_of(opened_.back()));
  stack_.pop_back();
  opened_.pop_back();
}

}  // namespace

void scan_css_refs(std::string_view css, bool source_map, std::vector<Reference>& out,
                   std::optional<CssProblem>* problem) {
  Scanner scanner(css, source_map, out);
  scanner.run();
  if (problem) *problem = std::move(scanner.problem);
}

}  // namespace kiln::parse
