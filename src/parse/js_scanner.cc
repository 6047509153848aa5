#include "parse/js_scanner.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>

#include "parse/text_decode.h"

namespace kiln::parse {

namespace {

enum class Tok : uint8_t { none, ident, string, templ, other_literal, punct };

struct Token {
  Tok type = Tok::none;
  uint32_t begin = 0, end = 0;  // for strings/templates: the content inside the quotes
  char punct = 0;
};

bool ident_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$' ||
         static_cast<unsigned char>(c) >= 0x80 || c == '\\';
}
bool ident_part(char c) { return ident_start(c) || (c >= '0' && c <= '9'); }

class Scanner {
 public:
  Scanner(std::string_view src, std::vector<Reference>& out) : s_(src), n_(src.size()), out_(out) {}
  void run();
  // Also record statement ends (see statement_cuts) at least `spacing` bytes apart.
  void record_cuts(StatementCuts& cuts, uint32_t spacing) {
    cuts_ = &cuts;
    spacing_ = spacing;
  }
  // Which cuts to keep, once the whole text is read.
  void choose_cuts();

 private:
  // The k-th most recent token (0 = latest); `none` beyond the ring.
  const Token& back(size_t k) const {
    return k < count_ && k < ring_.size() ? ring_[(count_ - 1 - k) % ring_.size()] : none_;
  }
  bool ident_is(const Token& t, std::string_view name) const {
    return t.type == Tok::ident && s_.substr(t.begin, t.end - t.begin) == name;
  }
  bool punct_is(const Token& t, char c) const { return t.type == Tok::punct && t.punct == c; }
  void push(Token t);
  void match_literal();
  void match_pending_url();
  void emit(RefKind kind, const Token& t);
  bool regex_allowed() const;
  void scan_template();  // from just after a backtick or a `}` closing a substitution

  std::string_view s_;
  size_t n_;
  size_t i_ = 0;
  std::vector<Reference>& out_;
  std::array<Token, 16> ring_{};
  Token none_{};
  int paren_depth_ = 0;
  int import_scripts_depth_ = -1;  // paren depth inside an open importScripts( call
  size_t count_ = 0;
  std::vector<int> template_depths_;  // brace depth at each open ${
  int depth_ = 0;
  int bracket_depth_ = 0;
  StatementCuts* cuts_ = nullptr;
  uint32_t spacing_ = 0;
  uint32_t last_cut_ = 0;
  // The first block opened at the top level: a wrapper's body when it holds most of the text.
  enum class Body : uint8_t { none, open, closed } body_ = Body::none;
  int body_paren_ = 0, body_bracket_ = 0;
  uint32_t body_begin_ = 0, body_end_ = 0, last_body_cut_ = 0;
  std::vector<uint32_t> body_cuts_;
  bool template_had_substitution_ = false;
  uint32_t template_begin_ = 0;
  enum class Decl : uint8_t { none, import_, export_ } decl_ = Decl::none;
  // new URL('…' waiting for `, import.meta.url)`: the tokens still to match.
  int pending_url_step_ = -1;
  Token pending_url_;
  RefKind pending_url_kind_ = RefKind::js_url;  // js_worker/js_service_worker when wrapped
};

void Scanner::emit(RefKind kind, const Token& t) {
  Reference r;
  r.kind = kind;
  r.begin = t.begin;
  r.end = t.end;
  std::string_view raw = s_.substr(t.begin, t.end - t.begin);
  if (raw.find('\\') != std::string_view::npos) {
    r.specifier = decode_js_string(raw);
    r.decoded = r.specifier != raw;
  } else {
    r.specifier.assign(raw);
  }
  out_.push_back(std::move(r));
}

void Scanner::match_pending_url() {
  // The tokens after the string: , import . meta . url )
  static constexpr std::string_view kSteps[] = {",", "import", ".", "meta", ".", "url"};
  const Token& t = back(0);
  std::string_view want = kSteps[pending_url_step_];
  bool ok = want.size() == 1 && !ident_start(want[0]) ? punct_is(t, want[0]) : ident_is(t, want);
  if (!ok) {
    pending_url_step_ = -1;
    return;
  }
  if (++pending_url_step_ == 6) {
    pending_url_step_ = -1;
    emit(pending_url_kind_, pending_url_);
  }
}

void Scanner::match_literal() {
  const Token& lit = back(0);
  const Token& t1 = back(1);
  // Most strings in a bundle follow `:`, `=`, `?`, `+`…: only `from`, `import`, `(` and `,`
  // can start a reference form (measured: this check halves the scan on swagger-ui).
  if (t1.type == Tok::punct ? (t1.punct != '(' && t1.punct != ',') : t1.type != Tok::ident) return;
  if (ident_is(t1, "from") && decl_ != Decl::none) {
    emit(decl_ == Decl::export_ ? RefKind::js_export_from : RefKind::js_import, lit);
    decl_ = Decl::none;
    return;
  }
  if (ident_is(t1, "import") && !punct_is(back(2), '.')) {
    emit(RefKind::js_import, lit);
    decl_ = Decl::none;
    return;
  }
  // importScripts('a', 'b', …): every literal argument at the call's own paren depth.
  if (import_scripts_depth_ >= 0 && paren_depth_ == import_scripts_depth_) {
    emit(RefKind::js_import_scripts, lit);
    return;
  }
  if (!punct_is(t1, '(')) return;
  const size_t k = 1;
  const Token& callee = back(k + 1);
  bool member = punct_is(back(k + 2), '.');
  if (ident_is(callee, "import") && !member) {
    emit(RefKind::js_dynamic_import, lit);
  } else if (ident_is(callee, "require") && !member) {
    emit(RefKind::js_require, lit);
  } else if (ident_is(callee, "register") && member && ident_is(back(k + 3), "serviceWorker")) {
    emit(RefKind::js_service_worker, lit);
  } else if ((ident_is(callee, "Worker") || ident_is(callee, "SharedWorker")) && ident_is(back(k + 2), "new")) {
    emit(RefKind::js_worker, lit);
  } else if (ident_is(callee, "URL") && ident_is(back(k + 2), "new")) {
    pending_url_ = lit;
    pending_url_step_ = 0;
    // Wrapped: new Worker(new URL(…)) / serviceWorker.register(new URL(…)).
    pending_url_kind_ = RefKind::js_url;
    if (punct_is(back(k + 3), '(')) {
      if ((ident_is(back(k + 4), "Worker") || ident_is(back(k + 4), "SharedWorker")) && ident_is(back(k + 5), "new"))
        pending_url_kind_ = RefKind::js_worker;
      if (ident_is(back(k + 4), "register") && punct_is(back(k + 5), '.') && ident_is(back(k + 6), "serviceWorker"))
        pending_url_kind_ = RefKind::js_service_worker;
    }
  }
}

void Scanner::push(Token t) {
  ring_[count_ % ring_.size()] = t;
  ++count_;
  if (pending_url_step_ >= 0 && t.type != Tok::string && t.type != Tok::templ) match_pending_url();
  if (t.type == Tok::ident && t.end - t.begin == 6 && !punct_is(back(1), '.')) {
    if (ident_is(t, "import")) decl_ = Decl::import_;
    if (ident_is(t, "export")) decl_ = Decl::export_;
  }
  if (t.type == Tok::punct) {
    if (t.punct == ';') {
      decl_ = Decl::none;
      if (cuts_ && depth_ == 0 && paren_depth_ == 0 && bracket_depth_ == 0 && template_depths_.empty() &&
          t.end - last_cut_ >= spacing_) {
        cuts_->ends.push_back(t.end);
        last_cut_ = t.end;
      }
      if (cuts_ && body_ == Body::open && depth_ == 1 && paren_depth_ == body_paren_ &&
          bracket_depth_ == body_bracket_ && template_depths_.empty() && t.end - last_body_cut_ >= spacing_) {
        body_cuts_.push_back(t.end);
        last_body_cut_ = t.end;
      }
    }
    if (t.punct == '{' && depth_ == 1 && template_depths_.empty()) {  // just opened at the top level
      if (body_ == Body::none) {
        body_ = Body::open;
        body_begin_ = last_body_cut_ = t.end;
        body_paren_ = paren_depth_;
        body_bracket_ = bracket_depth_;
      }
    }
    if (t.punct == '}' && depth_ == 0 && body_ == Body::open) {
      body_ = Body::closed;
      body_end_ = t.begin;
    }
    if (t.punct == '[') ++bracket_depth_;
    if (t.punct == ']') --bracket_depth_;
    if (t.punct == '(') {
      ++paren_depth_;
      if (ident_is(back(1), "importScripts")) import_scripts_depth_ = paren_depth_;
    }
    if (t.punct == ')') {
      if (paren_depth_ == import_scripts_depth_) import_scripts_depth_ = -1;
      --paren_depth_;
    }
  }
  if (t.type == Tok::string || t.type == Tok::templ) {
    if (pending_url_step_ >= 0) pending_url_step_ = -1;
    match_literal();
  }
}

bool Scanner::regex_allowed() const {
  const Token& t = back(0);
  switch (t.type) {
    case Tok::none: return true;
    case Tok::punct: return t.punct != ')' && t.punct != ']' && t.punct != '}';
    case Tok::ident: {
      static constexpr std::string_view kKeywords[] = {"return", "typeof", "instanceof", "in",   "of",
                                                       "new",    "delete", "void",       "throw", "case",
                                                       "do",     "else",   "yield",      "await"};
      std::string_view word = s_.substr(t.begin, t.end - t.begin);
      for (auto k : kKeywords)
        if (word == k) return true;
      return false;
    }
    default: return false;
  }
}

void Scanner::scan_template() {
  while (i_ < n_) {
    char c = s_[i_];
    if (c == '\\') {
      i_ += 2;
    } else if (c == '`') {
      ++i_;
      Token t;
      t.type = template_had_substitution_ ? Tok::other_literal : Tok::templ;
      t.begin = template_begin_;
      t.end = static_cast<uint32_t>(i_ - 1);
      push(t);
      return;
    } else if (c == '$' && i_ + 1 < n_ && s_[i_ + 1] == '{') {
      i_ += 2;
      template_had_substitution_ = true;
      template_depths_.push_back(depth_);
      return;
    } else {
      ++i_;
    }
  }
}

void Scanner::run() {
  while (i_ < n_) {
    char c = s_[i_];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i_;
    } else if (s_.compare(i_, 3, "\xEF\xBB\xBF") == 0) {
      i_ += 3;  // U+FEFF (a byte order mark) is whitespace in JS
    } else if (c == '/' && i_ + 1 < n_ && s_[i_ + 1] == '/') {
      size_t e = s_.find('\n', i_);
      i_ = e == std::string_view::npos ? n_ : e;
    } else if (c == '/' && i_ + 1 < n_ && s_[i_ + 1] == '*') {
      size_t e = s_.find("*/", i_ + 2);
      i_ = e == std::string_view::npos ? n_ : e + 2;
    } else if (c == '/' && regex_allowed()) {
      size_t j = i_ + 1;
      bool in_class = false, closed = false;
      while (j < n_ && s_[j] != '\n' && s_[j] != '\r') {
        char r = s_[j];
        if (r == '\\') {
          j += 2;
          continue;
        }
        if (r == '[') in_class = true;
        if (r == ']') in_class = false;
        if (r == '/' && !in_class) {
          closed = true;
          break;
        }
        ++j;
      }
      if (!closed) {  // not a regex after all: a division
        push({Tok::punct, static_cast<uint32_t>(i_), static_cast<uint32_t>(i_ + 1), '/'});
        ++i_;
        continue;
      }
      ++j;
      while (j < n_ && ident_part(s_[j])) ++j;
      push({Tok::other_literal, static_cast<uint32_t>(i_), static_cast<uint32_t>(j), 0});
      i_ = j;
    } else if (c == '"' || c == '\'') {
      size_t j = i_ + 1;
      while (j < n_ && s_[j] != c && s_[j] != '\n') j += s_[j] == '\\' ? 2 : 1;
      j = std::min(j, n_);
      push({Tok::string, static_cast<uint32_t>(i_ + 1), static_cast<uint32_t>(j), 0});
      i_ = j + 1;
    } else if (c == '`') {
      ++i_;
      template_had_substitution_ = false;
      template_begin_ = static_cast<uint32_t>(i_);
      scan_template();
    } else if (c >= '0' && c <= '9') {
      size_t j = i_;
      while (j < n_ && (ident_part(s_[j]) || s_[j] == '.')) ++j;
      push({Tok::other_literal, static_cast<uint32_t>(i_), static_cast<uint32_t>(j), 0});
      i_ = j;
    } else if (ident_start(c)) {
      size_t j = i_;
      while (j < n_ && ident_part(s_[j])) j += s_[j] == '\\' ? 2 : 1;
      j = std::min(j, n_);
      push({Tok::ident, static_cast<uint32_t>(i_), static_cast<uint32_t>(j), 0});
      i_ = j;
    } else {
      ++i_;
      if (c == '{') ++depth_;
      if (c == '}') {
        if (!template_depths_.empty() && template_depths_.back() == depth_) {
          template_depths_.pop_back();  // back into the template after ${…}
          template_had_substitution_ = true;
          scan_template();
          continue;
        }
        --depth_;
      }
      push({Tok::punct, static_cast<uint32_t>(i_ - 1), static_cast<uint32_t>(i_), c});
    }
  }
}

void Scanner::choose_cuts() {
  // One block holding most of the text, `(function(){…})()` or `!function(){…}()`: its
  // statements, not the one statement around it.
  if (body_ == Body::closed && !body_cuts_.empty() && body_end_ - body_begin_ > n_ / 2) {
    cuts_->ends = std::move(body_cuts_);
    cuts_->body_begin = body_begin_;
    cuts_->body_end = body_end_;
  }
}

}  // namespace

void scan_js_refs(std::string_view src, std::vector<Reference>& out) { Scanner(src, out).run(); }

StatementCuts statement_cuts(std::string_view src, uint32_t spacing) {
  std::vector<Reference> refs;
  StatementCuts cuts;
  Scanner scanner(src, refs);
  scanner.record_cuts(cuts, spacing);
  scanner.run();
  scanner.choose_cuts();
  return cuts;
}

}  // namespace kiln::parse
