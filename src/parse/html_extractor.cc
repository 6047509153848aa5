#include "parse/html_extractor.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "parse/css_scanner.h"
#include "parse/manifest_scanner.h"
#include "parse/nesting.h"
#include "parse/srcset.h"
#include "parse/text_decode.h"

namespace kiln::parse {

namespace {

constexpr TSSymbol kErrorSymbol = static_cast<TSSymbol>(-1);

struct Attr {
  std::string name;             // lower-cased
  uint32_t begin = 0, end = 0;  // the value's bytes in the file (inside the quotes)
};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_ws(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_ws(s.back())) s.remove_suffix(1);
  return s;
}

// Script types run as JS (HTML's "JavaScript MIME type essence match", plus module).
bool is_js_type(std::string_view type) {
  std::string t = lower(trim(type));
  static constexpr std::string_view kTypes[] = {
      "",
      "module",
      "text/javascript",
      "application/javascript",
      "text/ecmascript",
      "application/ecmascript",
      "application/x-javascript",
      "application/x-ecmascript",
      "text/x-javascript",
      "text/x-ecmascript",
      "text/jscript",
      "text/livescript",
      "text/javascript1.0",
      "text/javascript1.5",
  };
  for (auto k : kTypes)
    if (t == k) return true;
  return false;
}

class HtmlWalker {
 public:
  HtmlWalker(const HtmlSymbols& sym, JsEngine& js, std::string_view content, Extraction& ex)
      : sym_(sym), js_(js), s_(content), ex_(ex) {}
  void walk(TSNode root);

 private:
  bool visit(TSNode n);
  // Reads the tag name and attributes of a start_tag/self_closing_tag into tag_/attrs_.
  void read_tag(TSNode tag);
  const Attr* find(std::string_view name) const {
    for (const auto& a : attrs_)
      if (a.name == name) return &a;
    return nullptr;
  }
  std::string value_lower(std::string_view name) const {
    const Attr* a = find(name);
    return a ? lower(trim(decode_html_entities(s_.substr(a->begin, a->end - a->begin), 0).text)) : std::string();
  }
  void handle_tag();
  Reference* add_url(RefKind kind, const Attr* a);
  void add_srcset(const Attr* a, bool lazy, const std::string& media);
  // The attribute's value with entities decoded and spaces trimmed, as written otherwise.
  std::string value_text(std::string_view name) const {
    const Attr* a = find(name);
    return a ? std::string(trim(decode_html_entities(s_.substr(a->begin, a->end - a->begin), 0).text)) : std::string();
  }
  // A group number above every one the file's references have so far (CSS in <style> makes
  // groups too).
  uint32_t next_group() {
    for (; counted_refs_ < ex_.file.refs.size(); ++counted_refs_)
      last_group_ = std::max(last_group_, ex_.file.refs[counted_refs_].group);
    return ++last_group_;
  }
  // Marks the references from `first` on as candidates of `group`, option `option`.
  void set_candidates(size_t first, uint32_t group, uint32_t option);
  void add_style(const Attr* a);
  void handle_script(TSNode element);

  const HtmlSymbols& sym_;
  JsEngine& js_;
  std::string_view s_;
  Extraction& ex_;
  std::string tag_;
  uint32_t tag_begin_ = 0;
  std::vector<Attr> attrs_;
  uint32_t last_group_ = 0;
  size_t counted_refs_ = 0;
  // The <picture> open around the current tag: its group, its next option, where it ends.
  uint32_t picture_group_ = 0, picture_option_ = 0, picture_end_ = 0;
};

void HtmlWalker::set_candidates(size_t first, uint32_t group, uint32_t option) {
  for (size_t i = first; i < ex_.file.refs.size(); ++i) {
    ex_.file.refs[i].group = group;
    ex_.file.refs[i].option = option;
  }
}

void HtmlWalker::read_tag(TSNode tag) {
  tag_.clear();
  attrs_.clear();
  tag_begin_ = ts_node_start_byte(tag);
  // A cursor, not ts_node_named_child(tag, i): tree-sitter 0.20.7 walks from the first child
  // on each call, and a tag with 1,000,000 attributes took 66 s (fixtures/bad/html-million-attributes).
  TSTreeCursor cursor = ts_tree_cursor_new(tag);
  for (bool more = ts_tree_cursor_goto_first_child(&cursor); more; more = ts_tree_cursor_goto_next_sibling(&cursor)) {
    TSNode c = ts_tree_cursor_current_node(&cursor);
    if (!ts_node_is_named(c)) continue;
    TSSymbol s = ts_node_symbol(c);
    if (s == sym_.tag_name) {
      uint32_t b = ts_node_start_byte(c);
      tag_ = lower(s_.substr(b, ts_node_end_byte(c) - b));
    } else if (s == sym_.attribute) {
      Attr a;
      uint32_t parts = ts_node_named_child_count(c);
      for (uint32_t k = 0; k < parts; ++k) {
        TSNode p = ts_node_named_child(c, k);
        TSSymbol ps = ts_node_symbol(p);
        uint32_t b = ts_node_start_byte(p), e = ts_node_end_byte(p);
        if (ps == sym_.attribute_name) {
          a.name = lower(s_.substr(b, e - b));
          a.begin = a.end = e;
        } else if (ps == sym_.attribute_value) {
          a.begin = b;
          a.end = e;
        } else if (ps == sym_.quoted_attribute_value && e - b >= 2) {
          a.begin = b + 1;
          a.end = e - 1;
        }
      }
      if (!a.name.empty()) attrs_.push_back(std::move(a));
    }
  }
  ts_tree_cursor_delete(&cursor);
}

Reference* HtmlWalker::add_url(RefKind kind, const Attr* a) {
  if (!a) return nullptr;
  MappedText m = decode_html_entities(s_.substr(a->begin, a->end - a->begin), a->begin);
  // URL attributes are "valid URLs potentially surrounded by spaces": browsers strip them.
  size_t b = 0, e = m.text.size();
  while (b < e && is_ws(m.text[b])) ++b;
  while (e > b && is_ws(m.text[e - 1])) --e;
  if (b == e) return nullptr;  // src="" loads nothing
  Reference r;
  r.kind = kind;
  r.specifier = m.text.substr(b, e - b);
  r.begin = m.at(b);
  r.end = m.at(e);
  r.decoded = m.changed(b, e);
  r.tag = tag_;
  r.attr = a->name;
  ex_.file.refs.push_back(std::move(r));
  return &ex_.file.refs.back();
}

void HtmlWalker::add_srcset(const Attr* a, bool lazy, const std::string& media) {
  if (!a) return;
  MappedText m = decode_html_entities(s_.substr(a->begin, a->end - a->begin), a->begin);
  for (const auto& c : parse_srcset(m.text)) {
    Reference r;
    r.kind = RefKind::html_srcset;
    r.specifier = m.text.substr(c.begin, c.end - c.begin);
    r.begin = m.at(c.begin);
    r.end = m.at(c.end);
    r.decoded = m.changed(c.begin, c.end);
    r.descriptor_w = c.w;
    r.descriptor_x = c.x;
    r.lazy = lazy;
    r.media = media;
    r.tag = tag_;
    r.attr = a->name;
    ex_.file.refs.push_back(std::move(r));
  }
}

void HtmlWalker::add_style(const Attr* a) {
  if (!a || a->begin == a->end) return;
  MappedText m = decode_html_entities(s_.substr(a->begin, a->end - a->begin), a->begin);
  size_t first = ex_.file.refs.size();
  scan_css_refs(m.text, false, ex_.file.refs);
  for (size_t i = first; i < ex_.file.refs.size(); ++i) {
    Reference& r = ex_.file.refs[i];
    r.decoded = r.decoded || m.changed(r.begin, r.end);
    uint32_t b = m.at(r.begin), e = m.at(r.end);
    r.begin = b;
    r.end = e;
    r.tag = tag_;
    r.attr = "style";
  }
}

void HtmlWalker::handle_tag() {
  add_style(find("style"));
  const std::string& t = tag_;
  bool lazy = value_lower("loading") == "lazy";
  if (t == "link") {
    std::string rel = value_lower("rel");
    std::string as = value_lower("as");
    std::string media;
    if (const Attr* m = find("media")) media.assign(trim(s_.substr(m->begin, m->end - m->begin)));
    bool module = (" " + rel + " ").find(" modulepreload ") != std::string::npos;
    size_t href_at = ex_.file.refs.size();
    if (Reference* r = add_url(RefKind::html_link, find("href"))) {
      r->rel = rel;
      r->as = as;
      r->media = media;
      r->is_module = module;
    }
    size_t first = ex_.file.refs.size();
    add_srcset(find("imagesrcset"), false, media);
    for (size_t i = first; i < ex_.file.refs.size(); ++i) {
      ex_.file.refs[i].rel = rel;
      ex_.file.refs[i].as = as;
      ex_.file.refs[i].sizes = value_text("imagesizes");
    }
    // <link rel=preload imagesrcset>: the browser preloads one candidate, href where it
    // does not support imagesrcset.
    if (ex_.file.refs.size() > first) set_candidates(href_at, next_group(), 0);
  } else if (t == "img") {
    bool in_picture = picture_group_ && tag_begin_ < picture_end_;
    size_t first = ex_.file.refs.size();
    if (Reference* r = add_url(RefKind::html_img, find("src"))) r->lazy = lazy;
    add_srcset(find("srcset"), lazy, {});
    std::string sizes = value_text("sizes");
    for (size_t i = first; i < ex_.file.refs.size(); ++i) ex_.file.refs[i].sizes = sizes;
    if (in_picture) set_candidates(first, picture_group_, picture_option_);
    else if (find("srcset") && ex_.file.refs.size() > first) set_candidates(first, next_group(), 0);
    picture_group_ = 0;  // the <img> ends a <picture>'s candidates: later <source>s are not read
  } else if (t == "source") {
    std::string media;
    if (const Attr* m = find("media")) media.assign(trim(s_.substr(m->begin, m->end - m->begin)));
    if (Reference* r = add_url(RefKind::html_source, find("src"))) r->media = media;
    size_t first = ex_.file.refs.size();
    add_srcset(find("srcset"), false, media);
    if (picture_group_ && tag_begin_ < picture_end_) {
      std::string type = value_lower("type"), sizes = value_text("sizes");
      for (size_t i = first; i < ex_.file.refs.size(); ++i) ex_.file.refs[i].type = type, ex_.file.refs[i].sizes = sizes;
      set_candidates(first, picture_group_, picture_option_++);
    }
  } else if (t == "video") {
    add_url(RefKind::html_poster, find("poster"));
    add_url(RefKind::html_other, find("src"));
  } else if (t == "audio" || t == "track" || t == "embed" || t == "frame") {
    add_url(RefKind::html_other, find("src"));
  } else if (t == "iframe") {
    if (Reference* r = add_url(RefKind::html_other, find("src"))) r->lazy = lazy;
  } else if (t == "object") {
    add_url(RefKind::html_other, find("data"));
  } else if (t == "input") {
    if (value_lower("type") == "image") add_url(RefKind::html_other, find("src"));
  } else if (t == "use" || t == "image" || t == "feimage") {
    add_url(RefKind::html_other, find("href"));
    add_url(RefKind::html_other, find("xlink:href"));
  } else if (t == "base") {
    add_url(RefKind::html_other, find("href"));
  } else if (t == "script") {
    // An SVG <script href> or a <script> tree-sitter did not see as a script_element.
    add_url(RefKind::html_script, find("src"));
  }
}

void HtmlWalker::handle_script(TSNode element) {
  TSNode body{};
  uint32_t count = ts_node_named_child_count(element);
  bool have_tag = false;
  for (uint32_t i = 0; i < count; ++i) {
    TSNode c = ts_node_named_child(element, i);
    if (ts_node_symbol(c) == sym_.start_tag) {
      read_tag(c);
      have_tag = true;
    } else if (ts_node_symbol(c) == sym_.raw_text) {
      body = c;
    }
  }
  if (!have_tag) return;
  add_style(find("style"));
  const Attr* type = find("type");
  std::string type_value = value_lower("type");
  bool module = type_value == "module";
  if (const Attr* src = find("src")) {
    if (Reference* r = add_url(RefKind::html_script, src)) {
      r->is_module = module;
      r->nomodule = find("nomodule") != nullptr;
      r->async = find("async") != nullptr;
      r->defer = find("defer") != nullptr;
    }
    return;  // the body of a <script src> is not run
  }
  if (ts_node_is_null(body)) return;
  uint32_t b = ts_node_start_byte(body);
  if (type_value == "importmap") {
    extract_importmap(s_.substr(b, ts_node_end_byte(body) - b), b, ex_);
    return;
  }
  // Inline: JSON, templates (text/x-template, …) are not JS.
  if (type && !is_js_type(type_value)) return;
  bool file_is_module = ex_.file.is_module;  // an HTML file is not itself a module
  js_.extract(Syntax::javascript, s_.substr(b, ts_node_end_byte(body) - b), b, module, ex_);
  ex_.file.is_module = file_is_module;
}

bool HtmlWalker::visit(TSNode n) {
  TSSymbol s = ts_node_symbol(n);
  if (s == kErrorSymbol || ts_node_is_missing(n)) {
    uint32_t b = ts_node_start_byte(n);
    // tree-sitter-html 0.23 rejects a bare '&' in text ("a & b"), which HTML allows (the
    // tokenizer reads it as text): no warning for it, but its children are still walked.
    if (s == kErrorSymbol && b < s_.size() && s_[b] == '&') return true;
    std::string_view near = excerpt(s_.substr(b, ts_node_end_byte(n) - b), 24);
    ex_.note_error(b, (ts_node_is_missing(n) ? std::string("missing '") + ts_node_type(n) + "'"
                                             : "unexpected '" + std::string(near) + "'") +
                          kGrammarNote);
    return true;
  }
  if (s == sym_.start_tag || s == sym_.self_closing_tag) {
    read_tag(n);
    if (tag_ == "picture" && s == sym_.start_tag) {
      picture_group_ = next_group();
      picture_option_ = 0;
      picture_end_ = ts_node_end_byte(ts_node_parent(n));
    }
    handle_tag();
    return false;
  }
  if (s == sym_.script_element) {
    handle_script(n);
    return false;
  }
  if (s == sym_.style_element) {
    uint32_t count = ts_node_named_child_count(n);
    for (uint32_t i = 0; i < count; ++i) {
      TSNode c = ts_node_named_child(n, i);
      if (ts_node_symbol(c) == sym_.start_tag) {
        read_tag(c);
        add_style(find("style"));
      } else if (ts_node_symbol(c) == sym_.raw_text) {
        uint32_t b = ts_node_start_byte(c);
        size_t first = ex_.file.refs.size();
        scan_css_refs(s_.substr(b, ts_node_end_byte(c) - b), true, ex_.file.refs);
        for (size_t k = first; k < ex_.file.refs.size(); ++k) {
          ex_.file.refs[k].begin += b;
          ex_.file.refs[k].end += b;
          ex_.file.refs[k].tag = "style";
        }
      }
    }
    return false;
  }
  return true;
}

void HtmlWalker::walk(TSNode root) {
  TSTreeCursor c = ts_tree_cursor_new(root);
  bool descend = visit(root);
  for (;;) {
    if (!(descend && ts_tree_cursor_goto_first_child(&c))) {
      while (!ts_tree_cursor_goto_next_sibling(&c)) {
        if (!ts_tree_cursor_goto_parent(&c)) {
          ts_tree_cursor_delete(&c);
          return;
        }
      }
    }
    descend = visit(ts_tree_cursor_current_node(&c));
  }
}

TSSymbol named(const TSLanguage* lang, const char* name) {
  return ts_language_symbol_for_name(lang, name, static_cast<uint32_t>(std::strlen(name)), true);
}

}  // namespace

HtmlSymbols HtmlSymbols::load(const TSLanguage* lang) {
  HtmlSymbols s;
  s.start_tag = named(lang, "start_tag");
  s.self_closing_tag = named(lang, "self_closing_tag");
  s.tag_name = named(lang, "tag_name");
  s.attribute = named(lang, "attribute");
  s.attribute_name = named(lang, "attribute_name");
  s.attribute_value = named(lang, "attribute_value");
  s.quoted_attribute_value = named(lang, "quoted_attribute_value");
  s.script_element = named(lang, "script_element");
  s.style_element = named(lang, "style_element");
  s.raw_text = named(lang, "raw_text");
  return s;
}

void extract_html(TSParser* html, const HtmlSymbols& sym, JsEngine& js, std::string_view content, Extraction& ex) {
  if (Nesting nesting = html_nesting(content); nesting.depth > kMaxNesting) {
    ex.note_error(nesting.byte, too_deep_message() + "; the page is not parsed and none of its references are followed");
    return;
  }
  TSTree* tree = ts_parser_parse_string(html, nullptr, content.data(), static_cast<uint32_t>(content.size()));
  if (!tree) {
    ex.note_error(0, "the HTML parser gave up on this file");
    return;
  }
  HtmlWalker(sym, js, content, ex).walk(ts_tree_root_node(tree));
  ts_tree_delete(tree);
}

}  // namespace kiln::parse
