// webpack stats.json, streamed through nlohmann's SAX interface: a stack of frames, each
// knowing what it is (a module, a chunk, a reason, their lists), so only the few fields
// kiln uses are kept and `source` strings or profile data never pile up in memory.
#include <map>
#include <nlohmann/json.hpp>

#include "sourcemap/bundler_stats.h"
#include "sourcemap/stats_assembly.h"

namespace kiln::sourcemap {

namespace {

enum class Role {
  other, compilation, children_list, module_list, module, chunk_list, chunk,
  reason_list, reason, module_chunks, chunk_files
};

struct Frame {
  Role role = Role::other;
  std::string key;  // objects: the key whose value comes next
  int index = -1;   // module, chunk or compilation number
};

struct RawModule {
  std::string name, type;
  uint64_t size = 0;
  std::vector<std::string> chunks, reasons;
  std::vector<int> nested;
  int parent = -1;        // the concatenated module this one is inside
  int chunk = -1;         // from `chunks[].modules[]`: that chunk
  int compilation = 0;
};

struct RawChunk {
  std::string id;
  std::vector<std::string> files;
  int compilation = 0;
};

class Reader {
 public:
  using json = nlohmann::json;
  std::vector<RawModule> modules;
  std::vector<RawChunk> chunks;
  std::string error;
  int compilations = 0;

  bool null() { return true; }
  bool boolean(bool) { return true; }
  bool number_integer(json::number_integer_t v) { return scalar(std::to_string(v), static_cast<uint64_t>(v)); }
  bool number_unsigned(json::number_unsigned_t v) { return scalar(std::to_string(v), v); }
  bool number_float(json::number_float_t v, const std::string& s) { return scalar(s, static_cast<uint64_t>(v)); }
  bool string(std::string& v) { return scalar(v, 0, true); }
  bool binary(json::binary_t&) { return true; }
  bool key(std::string& k) {
    stack_.back().key = std::move(k);
    return true;
  }

  bool start_object(std::size_t) {
    Frame f;
    if (stack_.empty()) {
      f.role = Role::compilation, f.index = compilations++;
    } else {
      const Frame& p = stack_.back();
      switch (p.role) {
        case Role::children_list: f.role = Role::compilation, f.index = compilations++; break;
        case Role::module_list: f.role = Role::module, f.index = new_module(); break;
        case Role::chunk_list:
          f.role = Role::chunk, f.index = static_cast<int>(chunks.size());
          chunks.push_back({{}, {}, compilation()});
          break;
        case Role::reason_list: f.role = Role::reason, f.index = p.index; break;
        default: break;
      }
    }
    stack_.push_back(std::move(f));
    return true;
  }

  bool start_array(std::size_t) {
    Frame f;
    if (!stack_.empty()) {
      const Frame& p = stack_.back();
      const std::string& k = p.key;
      f.index = p.index;
      if (p.role == Role::compilation) {
        if (k == "modules") f.role = Role::module_list;
        else if (k == "chunks") f.role = Role::chunk_list;
        else if (k == "children") f.role = Role::children_list;
      } else if (p.role == Role::module) {
        if (k == "modules") f.role = Role::module_list;
        else if (k == "chunks") f.role = Role::module_chunks;
        else if (k == "reasons") f.role = Role::reason_list;
      } else if (p.role == Role::chunk) {
        if (k == "modules") f.role = Role::module_list;
        else if (k == "files") f.role = Role::chunk_files;
      }
    }
    stack_.push_back(std::move(f));
    return true;
  }

  bool end_object() { return pop(); }
  bool end_array() { return pop(); }

  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e) {
    error = "invalid JSON at byte " + std::to_string(position) + ": " + e.what();
    return false;
  }

 private:
  std::vector<Frame> stack_;

  int compilation() const {
    for (size_t i = stack_.size(); i-- > 0;)
      if (stack_[i].role == Role::compilation) return stack_[i].index;
    return 0;
  }

  int new_module() {
    RawModule m;
    m.compilation = compilation();
    // The frame under the module list says whose list it is.
    const Frame& owner = stack_[stack_.size() - 2];
    if (owner.role == Role::module) m.parent = owner.index;
    if (owner.role == Role::chunk) m.chunk = owner.index;
    int id = static_cast<int>(modules.size());
    if (m.parent >= 0) modules[m.parent].nested.push_back(id);
    modules.push_back(std::move(m));
    return id;
  }

  bool scalar(const std::string& text, uint64_t n, bool is_string = false) {
    Frame& f = stack_.back();
    switch (f.role) {
      case Role::module: {
        auto& m = modules[f.index];
        if (f.key == "name" && is_string) m.name = text;
        else if (f.key == "moduleType" && is_string) m.type = text;
        else if (f.key == "size" && !is_string) m.size = n;
        break;
      }
      case Role::reason:
        if (f.key == "moduleName" && is_string) {
          auto& r = modules[f.index].reasons;
          if (r.empty() || r.back() != text) r.push_back(text);
        }
        break;
      case Role::module_chunks: modules[f.index].chunks.push_back(text); break;
      case Role::chunk:
        if (f.key == "id") chunks[f.index].id = text;
        break;
      case Role::chunk_files:
        if (is_string) chunks[f.index].files.push_back(text);
        break;
      default: break;
    }
    return true;
  }

  bool pop() {
    stack_.pop_back();
    return true;
  }
};

bool is_css_module(const RawModule& m) {
  if (m.type.rfind("css", 0) == 0) return true;
  std::string_view n = m.name;
  for (std::string_view ext : {".css", ".scss", ".sass", ".less", ".styl"})
    if (n.size() >= ext.size() && n.substr(n.size() - ext.size()) == ext) return true;
  return false;
}

}  // namespace

Result<BundlerStats> read_webpack_stats(std::istream& in) {
  Reader r;
  bool ok = nlohmann::json::sax_parse(in, &r, nlohmann::json::input_format_t::json, true, true);
  if (!ok) return Error{r.error.empty() ? "invalid JSON" : r.error};
  StatsBuilder b(StatsKind::webpack);
  for (int c = 0; c < r.compilations; ++c) {
    bool top = false;  // the compilation has a top-level module list: chunks' lists repeat it
    for (const auto& m : r.modules)
      if (m.compilation == c && m.parent < 0 && m.chunk < 0) top = true;
    std::map<std::string, std::vector<std::string>> files_of;  // chunk id -> files
    for (const auto& ch : r.chunks)
      if (ch.compilation == c) files_of[ch.id] = ch.files;
    for (size_t i = 0; i < r.modules.size(); ++i) {
      const auto& m = r.modules[i];
      if (m.compilation != c || m.parent >= 0 || (top && m.chunk >= 0)) continue;
      std::vector<std::string> ids = m.chunks;
      if (m.chunk >= 0) ids.push_back(r.chunks[m.chunk].id);
      // A concatenated module's bytes are its inner modules'.
      std::vector<const RawModule*> parts;
      for (int n : m.nested) parts.push_back(&r.modules[n]);
      if (parts.empty()) parts.push_back(&m);
      for (const auto* part : parts) {
        for (const auto& id : ids)
          for (const auto& file : files_of[id]) {
            bool css_file = file.size() >= 4 && file.substr(file.size() - 4) == ".css";
            bool js_file = !css_file && file.find(".map") == std::string::npos;
            if ((css_file && is_css_module(*part)) || (js_file && !is_css_module(*part)))
              b.add_bytes(file, part->name, part->size);
          }
      }
    }
    for (const auto& m : r.modules)
      if (m.compilation == c) {
        b.add_module(m.name);
        for (const auto& importer : m.reasons) b.add_import(importer, m.name);
      }
  }
  return b.finish();
}

}  // namespace kiln::sourcemap
