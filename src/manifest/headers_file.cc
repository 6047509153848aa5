#include "manifest/headers_file.h"

#include <algorithm>
#include <map>

namespace kiln::manifest {

namespace {

struct Folder {
  std::map<std::string, Folder> folders;
  std::vector<HeaderInput> files;
  bool all_immutable = true, all_no_cache = true;
};

void add(Folder& root, const HeaderInput& f) {
  Folder* cur = &root;
  size_t start = 0;
  for (size_t slash = f.path.find('/'); slash != std::string::npos; slash = f.path.find('/', start)) {
    cur->all_immutable &= f.immutable;
    cur->all_no_cache &= !f.immutable;
    cur = &cur->folders[f.path.substr(start, slash - start)];
    start = slash + 1;
  }
  cur->all_immutable &= f.immutable;
  cur->all_no_cache &= !f.immutable;
  cur->files.push_back(f);
}

struct Emitter {
  std::string base;
  std::vector<std::pair<std::string, bool>> rules;  // (pattern, immutable)

  void walk(const Folder& folder, const std::string& prefix, bool is_root) {
    if (!is_root && (folder.all_immutable || folder.all_no_cache)) {
      rules.emplace_back(base + prefix + "*", folder.all_immutable);
      return;
    }
    for (const auto& f : folder.files) {
      std::string name = f.path.substr(f.path.rfind('/') == std::string::npos ? 0 : f.path.rfind('/') + 1);
      rules.emplace_back(base + prefix + name, f.immutable);
      // A folder's index page is also served at the folder's URL.
      if (name == "index.html") rules.emplace_back(base + prefix, f.immutable);
    }
    for (const auto& [name, sub] : folder.folders) walk(sub, prefix + name + "/", false);
  }
};

}  // namespace

std::vector<HeaderRule> header_rules(std::vector<HeaderInput> files, const std::string& base) {
  std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
  Folder root;
  for (const auto& f : files) add(root, f);
  Emitter e{base, {}};
  e.walk(root, "", true);
  std::stable_sort(e.rules.begin(), e.rules.end(), [](const auto& a, const auto& b) {
    if (a.second != b.second) return a.second > b.second;  // immutable rules first
    return a.first < b.first;
  });
  std::vector<HeaderRule> rules;
  for (auto& [pattern, immutable] : e.rules) rules.push_back({std::move(pattern), immutable});
  return rules;
}

HeadersFile make_headers(std::vector<HeaderInput> files, const std::string& base) {
  HeadersFile out;
  out.text = "# Written by kiln hash: hashed files are immutable, everything else is revalidated.\n";
  for (const auto& [pattern, immutable] : header_rules(std::move(files), base)) {
    out.text += pattern + "\n  Cache-Control: " + (immutable ? kImmutable : kNoCache) + "\n";
    ++out.rules;
  }
  return out;
}

}  // namespace kiln::manifest
