#include "advice/cut_kind.h"

#include <algorithm>
#include <vector>

namespace kiln::advice {

namespace {

struct Token {
  enum Type : uint8_t { ident, punct, string } type = punct;
  std::string_view text;
  size_t pos = 0;
};

bool ident_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$'; }
bool ident_char(char c) { return ident_start(c) || (c >= '0' && c <= '9'); }

// A `/` starts a regex literal where an expression starts: first in the file, after an
// operator or opening bracket, or after a keyword that takes an operand.
bool regex_allowed(const std::vector<Token>& out) {
  if (out.empty()) return true;
  const auto& t = out.back();
  if (t.type == Token::string) return false;
  if (t.type == Token::punct) return t.text != ")" && t.text != "]" && t.text != "}";
  for (std::string_view k : {"return", "typeof", "case", "do", "else", "in", "of", "new", "delete", "void", "throw",
                             "yield", "await", "instanceof"})
    if (t.text == k) return true;
  return false;
}

// The end of a regex literal starting at `i` (its flags included), or npos when the line
// ends first (then it was a division after all).
size_t regex_end(std::string_view s, size_t i) {
  bool in_class = false;
  for (size_t j = i + 1; j < s.size() && s[j] != '\n'; ++j) {
    if (s[j] == '\\') ++j;
    else if (s[j] == '[') in_class = true;
    else if (s[j] == ']') in_class = false;
    else if (s[j] == '/' && !in_class) {
      ++j;
      while (j < s.size() && ident_char(s[j])) ++j;
      return j;
    }
  }
  return std::string_view::npos;
}

// Identifiers, punctuation and strings (regex literals count as strings); comments dropped.
// Quotes end at a line break, so an apostrophe in JSX text spoils one line at most.
std::vector<Token> lex(std::string_view s) {
  std::vector<Token> out;
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    size_t regex = std::string_view::npos;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
    } else if (c == '/' && i + 1 < s.size() && s[i + 1] != '/' && s[i + 1] != '*' && regex_allowed(out) &&
               (regex = regex_end(s, i)) != std::string_view::npos) {
      out.push_back({Token::string, s.substr(i, regex - i), i});  // /['"`{]/g: no string, no bracket
      i = regex;
    } else if (c == '/' && i + 1 < s.size() && s[i + 1] == '/') {
      i = s.find('\n', i);
      if (i == std::string_view::npos) i = s.size();
    } else if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
      size_t end = s.find("*/", i + 2);
      i = end == std::string_view::npos ? s.size() : end + 2;
    } else if (c == '\'' || c == '"') {
      size_t j = i + 1;
      while (j < s.size() && s[j] != c && s[j] != '\n') j += s[j] == '\\' ? 2 : 1;
      j = std::min(j + 1, s.size());
      out.push_back({Token::string, s.substr(i, j - i), i});
      i = j;
    } else if (c == '`') {
      size_t j = i + 1;
      int depth = 0;
      while (j < s.size() && (depth > 0 || s[j] != '`')) {
        if (s[j] == '\\') ++j;
        else if (s[j] == '$' && j + 1 < s.size() && s[j + 1] == '{') ++depth, ++j;
        else if (s[j] == '}' && depth > 0) --depth;
        ++j;
      }
      j = std::min(j + 1, s.size());
      out.push_back({Token::string, s.substr(i, j - i), i});
      i = j;
    } else if (ident_start(c)) {
      size_t j = i;
      while (j < s.size() && ident_char(s[j])) ++j;
      out.push_back({Token::ident, s.substr(i, j - i), i});
      i = j;
    } else {
      size_t n = 1;
      for (std::string_view two : {"=>", "&&", "||", "??", "?."})
        if (s.substr(i, 2) == two) n = 2;
      out.push_back({Token::punct, s.substr(i, n), i});
      i += n;
    }
  }
  return out;
}

size_t offset_of(std::string_view text, uint32_t line, uint32_t column) {
  size_t at = 0;
  for (uint32_t l = 1; l < line && at != std::string_view::npos; ++l) {
    at = text.find('\n', at);
    if (at != std::string_view::npos) ++at;
  }
  if (at == std::string_view::npos) return text.size();
  return std::min(text.size(), at + (column ? column - 1 : 0));
}

std::pair<uint32_t, uint32_t> line_column(std::string_view text, size_t offset) {
  uint32_t line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < offset && i < text.size(); ++i)
    if (text[i] == '\n') ++line, line_start = i + 1;
  return {line, static_cast<uint32_t>(offset - line_start + 1)};
}

// The names an import statement binds in the importer: {local, imported}.
std::vector<std::pair<std::string, std::string>> local_names(const std::vector<Token>& stmt) {
  std::vector<std::pair<std::string, std::string>> out;
  if (stmt.size() > 2 && stmt[1].text == "type" && (stmt[2].text == "{" || stmt[2].text == "*" ||
                                                    (stmt[2].type == Token::ident && stmt[2].text != "from")))
    return out;  // `import type …`: nothing at run time
  int brace = 0;
  for (size_t i = 1; i < stmt.size(); ++i) {
    auto t = stmt[i].text;
    if (t == "{") ++brace;
    else if (t == "}") --brace;
    else if (t == "from" || t == "require" || t == "(" || stmt[i].type == Token::string) break;
    else if (t == "type" && brace && i + 1 < stmt.size() && stmt[i + 1].type == Token::ident && stmt[i + 1].text != "as") {
      // `{ type X }` or `{ type X as Y }`: a type, gone at build.
      i += 1;
      if (i + 2 < stmt.size() && stmt[i + 1].text == "as") i += 2;
    } else if (stmt[i].type != Token::ident || t == "type" || t == "typeof" || t == "as" || t == "const" || t == "let" ||
             t == "var" || t == "import")
      continue;
    else if (i + 2 < stmt.size() && (stmt[i + 1].text == "as" || (brace && stmt[i + 1].text == ":")))
      out.push_back({std::string(stmt[i + 2].text), brace ? std::string(t) : "*"}), i += 2;
    else if (stmt[i - 1].text == "as" && stmt[i - 2].text == "*")
      out.push_back({std::string(t), "*"});
    else out.push_back({std::string(t), brace ? std::string(t) : "default"});
  }
  return out;
}

// Keys of a route object whose value is rendered for that route only (React Router's
// element/Component/ErrorBoundary, Vue Router's component(s), TanStack's *Component).
bool route_key(std::string_view t) {
  return t == "element" || t == "component" || t == "Component" || t == "errorElement" || t == "ErrorBoundary" ||
         t == "components" || t == "errorComponent" || t == "pendingComponent" || t == "notFoundComponent";
}

bool handler_name(std::string_view t) {
  return (t.size() > 2 && t[0] == 'o' && t[1] == 'n' && t[2] >= 'A' && t[2] <= 'Z') || t == "addEventListener";
}

struct Frame {
  bool function = false, handler = false, arrow = false;
  bool route = false;  // inside a route key's value: `element: (<Guard><Page /></Guard>)`
};

struct Use {
  size_t pos = 0;
  bool in_function = false, handler = false, jsx = false, conditional = false, route = false;
};

std::vector<Use> find_uses(std::string_view text, const std::vector<Token>& toks, size_t stmt_begin, size_t stmt_end,
                           const std::vector<std::pair<std::string, std::string>>& names) {
  std::vector<Use> uses;
  std::vector<Frame> stack(1);
  auto at = [&](size_t i, size_t back) -> std::string_view { return i >= back ? toks[i - back].text : std::string_view{}; };
  for (size_t i = 0; i < toks.size(); ++i) {
    const auto& t = toks[i];
    if (t.pos >= stmt_begin && t.pos < stmt_end) continue;
    if (t.type == Token::punct) {
      auto p = t.text;
      if (p == "{" || p == "(" || p == "[") {
        Frame f;
        f.route = stack.back().route || (at(i, 1) == ":" && route_key(at(i, 2))) ||
                  (p == "{" && at(i, 1) == "=" && route_key(at(i, 2)));
        f.function = p == "{" && (at(i, 1) == ")" || at(i, 1) == "=>");
        f.handler = (p == "{" && at(i, 1) == "=" && handler_name(at(i, 2))) || (p == "(" && handler_name(at(i, 1)));
        stack.push_back(f);
      } else if ((p == "}" || p == ")" || p == "]") && stack.size() > 1) {
        stack.pop_back();
      } else if (p == "=>") {
        stack.back().arrow = true;
      } else if (p == ":" && route_key(at(i, 1))) {
        stack.back().route = true;  // until the next `,`: `element: <Guard><Page /></Guard>,`
      } else if (p == "," || p == ";") {
        stack.back().arrow = false;
        if (stack.size() > 1 && !stack[stack.size() - 2].route) stack.back().route = false;
      }
      continue;
    }
    if (t.type != Token::ident || at(i, 1) == "." || at(i, 1) == "?.") continue;
    if (std::none_of(names.begin(), names.end(), [&](auto& n) { return n.first == t.text; })) continue;
    if (at(i, 1) == "/" && at(i, 2) == "<") continue;  // a closing tag
    Use u;
    u.pos = t.pos;
    for (auto& f : stack) {
      u.in_function |= f.function || f.arrow;
      u.handler |= f.handler;
    }
    u.jsx = at(i, 1) == "<";
    size_t k = u.jsx ? 2 : 1;  // the token before the name (or before its `<`)
    u.route = (at(i, k) == ":" && route_key(at(i, k + 1))) || (at(i, k) == "{" && at(i, k + 1) == "=" && route_key(at(i, k + 2))) ||
              std::any_of(stack.begin(), stack.end(), [](const Frame& f) { return f.route; });
    if (u.jsx) {
      while (i >= k + 1 && at(i, k) == "(") ++k;
      auto before = at(i, k);
      u.conditional = before == "&&" || before == "?" || before == ":" || before == "||" || before == "??";
      size_t close = text.find('>', t.pos);
      auto tag = text.substr(t.pos, close == std::string_view::npos ? 0 : close - t.pos);
      u.conditional |= tag.find("v-if") != std::string_view::npos || tag.find("v-else") != std::string_view::npos ||
                       tag.find("v-show") != std::string_view::npos;
    }
    uses.push_back(u);
  }
  return uses;
}

std::string quoted(const source::ImportRecord& rec) { return "'" + rec.specifier + "'"; }

// `() => import('x')`, resolving a named export to a default for React.lazy.
std::string lazy_import(const source::ImportRecord& rec, const std::string& imported) {
  std::string call = "() => import(" + quoted(rec) + ")";
  if (imported != "default" && imported != "*")
    call = "() => import(" + quoted(rec) + ").then((m) => ({ default: m." + imported + " }))";
  return call;
}

std::string await_import(const source::ImportRecord& rec, const std::vector<std::pair<std::string, std::string>>& names) {
  std::string binding;
  for (auto& [local, imported] : names) {
    if (imported == "*") return "const " + local + " = await import(" + quoted(rec) + ")";
    if (!binding.empty()) binding += ", ";
    binding += imported == local ? local : imported + ": " + local;
  }
  return "const { " + binding + " } = await import(" + quoted(rec) + ")";
}

// The import statement around a record: back to its `import`/`export` keyword (or the
// line's start), on to the `;` or the line's end after the specifier.
std::pair<size_t, size_t> statement_range(std::string_view text, const source::ImportRecord& rec) {
  size_t spec = offset_of(text, rec.line, rec.column);
  size_t line_start = text.rfind('\n', spec ? spec - 1 : 0);
  line_start = line_start == std::string_view::npos || spec == 0 ? 0 : line_start + 1;
  size_t begin = line_start;
  if (rec.kind == source::ImportKind::static_import || rec.kind == source::ImportKind::reexport) {
    size_t best = std::string_view::npos;
    for (std::string_view kw : {"import", "export"}) {
      size_t k = text.rfind(kw, spec);
      if (k == std::string_view::npos || spec - k > 2000 || (k > 0 && ident_char(text[k - 1]))) continue;
      best = best == std::string_view::npos ? k : std::max(best, k);
    }
    if (best != std::string_view::npos) begin = best;
  }
  size_t end = text.find_first_of(";\n", spec + rec.specifier.size() + 2);
  if (end == std::string_view::npos) end = text.size();
  return {begin, end};
}

}  // namespace

Framework framework_of(const source::ModuleFacts& importer, std::string_view importer_path, std::string_view target) {
  bool react = false, vue = false;
  for (auto& imp : importer.imports) {
    auto& s = imp.specifier;
    if (s == "vue-router") return Framework::vue_router;
    if (s == "@tanstack/react-router" || s == "@tanstack/router") return Framework::tanstack;
    if (s == "react-router" || s == "react-router-dom") return Framework::react_router;
    vue |= s == "vue";
    react |= s == "react" || s == "preact" || s == "preact/compat";
  }
  auto ends = [](std::string_view s, std::string_view e) { return s.size() >= e.size() && s.substr(s.size() - e.size()) == e; };
  if (vue || ends(importer_path, ".vue") || ends(target, ".vue")) return Framework::vue;
  if (react || ends(importer_path, ".tsx") || ends(importer_path, ".jsx")) return Framework::react;
  return Framework::none;
}

std::vector<std::string> member_uses(std::string_view text, const source::ImportRecord& rec, bool& whole) {
  auto [begin, end] = statement_range(text, rec);
  auto toks = lex(text);
  std::vector<Token> stmt;
  for (auto& t : toks)
    if (t.pos >= begin && t.pos < end) stmt.push_back(t);
  std::vector<std::string> out;
  whole = false;
  for (auto& [local, imported] : local_names(stmt)) {
    if (imported != "default" && imported != "*") {
      out.push_back(imported);
      continue;
    }
    for (size_t i = 0; i < toks.size(); ++i) {
      if (toks[i].pos >= begin && toks[i].pos < end) continue;
      if (toks[i].type != Token::ident || toks[i].text != local || (i && toks[i - 1].text == ".")) continue;
      if (i + 2 < toks.size() && toks[i + 1].text == "." && toks[i + 2].type == Token::ident)
        out.push_back(std::string(toks[i + 2].text));
      else whole = true;
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

bool names_unused(std::string_view text, const source::ImportRecord& rec) {
  auto [begin, end] = statement_range(text, rec);
  auto toks = lex(text);
  std::vector<Token> stmt;
  for (auto& t : toks)
    if (t.pos >= begin && t.pos < end) stmt.push_back(t);
  auto names = local_names(stmt);
  return !names.empty() && find_uses(text, toks, begin, end, names).empty();
}

ImportSite classify_import(std::string_view text, const source::ImportRecord& rec, Framework fw) {
  ImportSite site;
  auto [begin, end] = statement_range(text, rec);
  auto [line, column] = line_column(text, begin);
  site.line = line, site.column = column;
  for (char c : text.substr(begin, end - begin)) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    if (c == ' ' && !site.statement.empty() && site.statement.back() == ' ') continue;
    site.statement += c;
  }
  if (site.statement.size() > 120) site.statement = site.statement.substr(0, 117) + "...";

  if (rec.kind == source::ImportKind::reexport) {
    site.kind = CutKind::reexport;
    site.why = "re-exported through this module";
    site.suggestion = "import it where it is used, with import(" + quoted(rec) + "), not through this re-export";
    return site;
  }
  auto toks = lex(text);
  std::vector<Token> stmt;
  for (auto& t : toks)
    if (t.pos >= begin && t.pos < end) stmt.push_back(t);
  auto names = local_names(stmt);
  if (rec.side_effect || names.empty()) {
    site.kind = CutKind::side_effect;
    site.why = "imported for its side effects";
    site.suggestion = "import(" + quoted(rec) + ") where the side effect is first needed";
    return site;
  }
  auto uses = find_uses(text, toks, begin, end, names);
  auto where = [&](const Use& u, const char* what) {
    auto [l, c] = line_column(text, u.pos);
    return std::string(what) + " at " + std::to_string(l) + ":" + std::to_string(c);
  };
  const auto& [local, imported] = names.front();
  // Every name the statement binds goes lazy, or the module stays in the initial load.
  auto each_name = [&](const char* wrapper) {
    std::string out;
    for (auto& [l, i] : names)
      out += (out.empty() ? "" : "; ") + std::string("const ") + l + " = " + wrapper + "(" + lazy_import(rec, i) + ")";
    return out;
  };
  std::string vue_async = each_name("defineAsyncComponent");
  std::string react_lazy = each_name("React.lazy") + ", rendered inside <Suspense>";
  bool vue = fw == Framework::vue || fw == Framework::vue_router;
  auto route = std::find_if(uses.begin(), uses.end(), [](const Use& u) { return u.route; });
  auto top = std::find_if(uses.begin(), uses.end(), [](const Use& u) { return !u.in_function && !u.jsx && !u.route; });
  bool all_jsx = !uses.empty() && std::all_of(uses.begin(), uses.end(), [](const Use& u) { return u.jsx; });
  auto unconditional = std::find_if(uses.begin(), uses.end(), [](const Use& u) { return u.jsx && !u.conditional; });
  bool handlers = !uses.empty() && std::all_of(uses.begin(), uses.end(), [](const Use& u) { return u.handler && !u.jsx; });
  if (route != uses.end()) {
    site.kind = CutKind::route;
    site.why = where(*route, "router table");
    if (fw == Framework::vue_router) site.suggestion = "component: " + lazy_import(rec, imported);
    else if (fw == Framework::tanstack) site.suggestion = "component: lazyRouteComponent(" + lazy_import(rec, imported) + ")";
    else if (vue) site.suggestion = vue_async;
    else site.suggestion = react_lazy + " (or the route's lazy: () => import(" + quoted(rec) + "))";
  } else if (uses.empty() || top != uses.end()) {
    site.kind = CutKind::top_level;
    site.why = uses.empty() ? "no use found by name" : where(*top, "used at module top level");
    site.suggestion = "move the code that uses " + local + " into a function and " + await_import(rec, names) + " there";
  } else if (unconditional != uses.end()) {
    site.kind = CutKind::rendered;
    site.why = where(*unconditional, "rendered unconditionally");
    site.suggestion = (vue ? vue_async : react_lazy) + "; it loads on first render, so it saves only where that render is rare";
  } else if (all_jsx) {
    site.kind = CutKind::conditional;
    site.why = where(uses.front(), "rendered under a condition");
    site.suggestion = vue ? vue_async : react_lazy;
  } else {
    site.kind = handlers ? CutKind::handler : CutKind::in_functions;
    site.why = where(uses.front(), handlers ? "used in an event handler" : "used only inside functions");
    site.suggestion = await_import(rec, names) + " at the call site (the function becomes async)";
  }
  return site;
}

}  // namespace kiln::advice
