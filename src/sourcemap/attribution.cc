#include "sourcemap/attribution.h"

#include <algorithm>

namespace kiln::sourcemap {

namespace {

// The file as source-map-explorer splits it: without the comment, trimmed. `text` is that
// content; offsets in it map back to the file by skipping the comment.
struct ContentView {
  std::string_view text;
  std::string storage;
  size_t comment_at = SIZE_MAX, comment_len = 0;
  size_t lead = 0;  // bytes trimmed at the front (offsets in `text` start after them)
  uint64_t to_file(size_t content_offset) const {
    size_t c = content_offset + lead;
    return c < comment_at ? c : c + comment_len;
  }
};

ContentView content_view(std::string_view file, const std::optional<ByteRange>& comment) {
  ContentView v;
  std::string_view all = file;
  if (comment) {
    v.storage.reserve(file.size() - (comment->end - comment->begin));
    v.storage.append(file.substr(0, comment->begin)).append(file.substr(comment->end));
    v.comment_at = comment->begin;
    v.comment_len = comment->end - comment->begin;
    all = v.storage;
  }
  size_t b = 0, e = all.size();
  while (size_t n = js_space_at(all, b)) b += n;
  while (e > b)
    if (size_t n = js_space_before(all, e)) e -= n;
    else break;
  v.lead = b;
  v.text = all.substr(b, e - b);
  return v;
}

// UTF-16 column -> byte offset within one line. ASCII lines (nearly all minified code) need
// no table.
class LineColumns {
 public:
  LineColumns(std::string_view line) : line_(line) {
    ascii_ = std::all_of(line.begin(), line.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    if (ascii_) return;
    for (size_t i = 0; i < line.size();) {
      auto c = static_cast<unsigned char>(line[i]);
      size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
      if (i + n > line.size()) n = line.size() - i;
      offsets_.push_back(i);
      if (n == 4) offsets_.push_back(i + 4);  // a surrogate pair: its second half starts after it
      i += n;
    }
  }
  uint64_t units() const { return ascii_ ? line_.size() : offsets_.size(); }
  uint64_t byte(uint64_t column) const {
    if (ascii_) return std::min<uint64_t>(column, line_.size());
    return column < offsets_.size() ? offsets_[column] : line_.size();
  }

 private:
  std::string_view line_;
  bool ascii_ = true;
  std::vector<uint64_t> offsets_;
};

uint64_t count_eols(std::string_view file, std::string_view eol) {
  uint64_t n = 0;
  for (size_t p = file.find(eol); p != std::string_view::npos; p = file.find(eol, p + eol.size())) ++n;
  return n;
}

std::string position(const Segment& s) { return std::to_string(s.line + 1) + ":" + std::to_string(s.column + 1); }

}  // namespace

void sort_segments(std::vector<Segment>& segments) {
  std::stable_sort(segments.begin(), segments.end(), [](const Segment& a, const Segment& b) {
    if (a.line != b.line) return a.line < b.line;
    if (a.column != b.column) return a.column < b.column;
    bool ha = a.source != kNoSource, hb = b.source != kNoSource;
    if (ha != hb) return !ha;
    if (a.source != b.source) return a.source < b.source;
    if (a.original_line != b.original_line) return a.original_line < b.original_line;
    if (a.original_column != b.original_column) return a.original_column < b.original_column;
    return a.name < b.name;
  });
}

namespace {

// One pass over the lines. `universal`: lines end at every "\n" (a "\r" before it is part of
// the EOL), for files that mix "\r\n" and "\n", which source-map-explorer splits at "\r\n"
// only and so puts every segment after the first lone "\n" on the wrong line.
void attribute_lines(std::string_view file, const SourceMap& map, bool universal, Attribution& a) {
  a.eol_text = file.find("\r\n") != std::string_view::npos ? "\r\n" : "\n";
  if (universal) a.eol = count_eols(file, "\n") + count_eols(file, "\r\n");
  else a.eol = count_eols(file, a.eol_text) * a.eol_text.size();

  ContentView view = content_view(file, a.comment_range);
  std::string sep = universal ? std::string("\n") : a.eol_text;
  std::vector<std::pair<size_t, size_t>> lines;  // [begin, end) in view.text
  for (size_t b = 0;;) {
    size_t e = view.text.find(sep, b);
    size_t le = e == std::string_view::npos ? view.text.size() : e;
    if (universal && le > b && view.text[le - 1] == '\r') --le;
    lines.emplace_back(b, le);
    if (e == std::string_view::npos) break;
    b = e + sep.size();
  }

  const auto& segs = map.segments;
  std::vector<Span> spans;
  std::vector<char> seen(map.sources.size() + 1);  // by source + 1 ([no source] at 0)
  a.order.clear();
  for (size_t i = 0; i < segs.size() && !a.mismatch;) {
    uint32_t line = segs[i].line;
    size_t j = i;
    while (j < segs.size() && segs[j].line == line) ++j;
    if (line >= lines.size()) {
      a.mismatch = "segment at " + position(segs[i]) + " is on line " + std::to_string(line + 1) +
                   ", past the end of the file (" + std::to_string(lines.size()) + " lines)";
      break;
    }
    auto [lb, le] = lines[line];
    LineColumns cols(view.text.substr(lb, le - lb));
    for (size_t k = i; k < j; ++k) {
      const auto& s = segs[k];
      if (!seen[s.source + 1]) seen[s.source + 1] = 1, a.order.push_back(s.source);
      // Up to the length of an EOL past the line is where the map's EOL was (webpack and
      // css-loader write such last segments); source-map-explorer allows the same slack.
      if (s.column > cols.units() + 2) {
        a.mismatch = "segment at " + position(s) + " starts past the end of line " + std::to_string(line + 1) +
                     " (" + std::to_string(cols.units()) + " columns)";
        break;
      }
      if (s.column >= cols.units()) {
        ++a.past_line_end;
        continue;
      }
      uint64_t end_col = k + 1 < j ? segs[k + 1].column : kToLineEnd;
      end_col = std::min<uint64_t>(end_col, s.end);
      uint64_t b = cols.byte(s.column), e = cols.byte(end_col);
      if (e <= b) continue;
      uint64_t fb = view.to_file(lb + b), fe = view.to_file(lb + e - 1) + 1;
      if (fe - fb != e - b) {  // the run crosses the removed comment: cut it there
        spans.push_back({fb, view.comment_at, s.source});
        fb = view.comment_at + view.comment_len;
      }
      if (!spans.empty() && spans.back().end == fb && spans.back().source == s.source) spans.back().end = fe;
      else spans.push_back({fb, fe, s.source});
    }
    i = j;
  }
  a.spans = std::move(spans);
}

}  // namespace

Attribution attribute(std::string_view file, const SourceMap& map) {
  Attribution a;
  a.total = file.size();
  a.by_source.assign(map.sources.size(), 0);
  a.comment_range = find_map_comment(file);
  if (a.comment_range) a.comment = a.comment_range->end - a.comment_range->begin;
  attribute_lines(file, map, false, a);
  bool mixed = a.eol_text == "\r\n" && count_eols(file, "\n") != count_eols(file, "\r\n");
  if (a.mismatch && mixed) {
    a.mismatch.reset();
    a.past_line_end = 0;
    a.mixed_eols = true;
    attribute_lines(file, map, true, a);
  }
  if (a.mismatch) {
    a.past_line_end = 0;
    a.spans.clear();
    a.order.clear();
    a.unmapped = a.total - a.comment - a.eol;
    return a;
  }
  for (const auto& s : a.spans) {
    uint64_t n = s.end - s.begin;
    a.mapped += n;
    (s.source == kNoSource ? a.no_source : a.by_source[s.source]) += n;
  }
  a.unmapped = a.total - a.mapped - a.comment - a.eol;
  return a;
}

}  // namespace kiln::sourcemap
