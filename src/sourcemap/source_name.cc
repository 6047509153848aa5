#include "sourcemap/source_name.h"

#include <vector>

namespace kiln::sourcemap {

namespace {

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

std::vector<std::string_view> split(std::string_view s) {
  std::vector<std::string_view> parts;
  size_t b = 0;
  while (b <= s.size()) {
    size_t e = s.find('/', b);
    if (e == std::string_view::npos) e = s.size();
    parts.push_back(s.substr(b, e - b));
    b = e + 1;
  }
  return parts;
}

// Drops "." and empty segments, folds "x/..", and drops ".." that would climb above the
// start (sources are shown relative to the project, whatever depth the bundle had).
std::string fold_dots(std::string_view path) {
  std::vector<std::string_view> out;
  for (auto part : split(path)) {
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (!out.empty()) out.pop_back();
      continue;
    }
    out.push_back(part);
  }
  std::string s;
  for (auto p : out) {
    if (!s.empty()) s += '/';
    s += p;
  }
  return s;
}

// pnpm: ".pnpm/@scope+name@1.2.3_peer/…" or ".pnpm/name@1.2.3(react@18.3.1)/…".
std::string pnpm_version(std::string_view dir) {
  size_t at = dir.find('@', dir[0] == '@' ? 1 : 0);
  if (at == std::string_view::npos) return {};
  std::string_view v = dir.substr(at + 1);
  v = v.substr(0, std::min(v.find('_'), v.find('(')));
  return std::string(v);
}

// Yarn PnP: "name-npm-1.2.3-<hash>-<checksum>.zip" (scoped: "@scope-name-npm-…").
std::string yarn_version(std::string_view zip) {
  size_t npm = zip.find("-npm-");
  if (npm == std::string_view::npos) return {};
  std::string_view v = zip.substr(npm + 5);
  if (v.size() > 4 && v.substr(v.size() - 4) == ".zip") v.remove_suffix(4);
  for (int cut = 0; cut < 2; ++cut) {
    size_t dash = v.rfind('-');
    if (dash == std::string_view::npos) return {};
    v = v.substr(0, dash);
  }
  return std::string(v);
}

void assign_package(SourceName& n) {
  auto parts = split(n.path);
  size_t nm = std::string_view::npos;
  for (size_t i = 0; i + 1 < parts.size(); ++i)
    if (parts[i] == "node_modules" && parts[i + 1] != ".pnpm" && parts[i + 1] != ".store") nm = i;
  if (nm == std::string_view::npos) return;
  std::string_view first = parts[nm + 1];
  if (first.empty()) return;
  if (first[0] == '@') {
    if (nm + 3 > parts.size()) return;
    n.package.assign(first).append("/").append(parts[nm + 2]);
  } else {
    n.package = std::string(first);
  }
  // The version, where the layout puts it in the path.
  for (size_t i = 0; i + 1 < nm; ++i) {
    if (parts[i] == ".pnpm") n.version = pnpm_version(parts[i + 1]);
    if (parts[i + 1].size() > 4 && parts[i + 1].substr(parts[i + 1].size() - 4) == ".zip" &&
        parts[i + 1].find("-npm-") != std::string_view::npos)
      n.version = yarn_version(parts[i + 1]);
  }
  // Show the package from its node_modules folder on, whatever store it came from.
  std::string shown = "node_modules";
  for (size_t i = nm + 1; i < parts.size(); ++i) shown.append("/").append(parts[i]);
  n.path = shown;
}

}  // namespace

std::string SourceName::group() const {
  if (runtime) return std::string(kBundlerRuntime);
  if (!package.empty()) return package;
  return app_folder(path);
}

std::string app_folder(std::string_view path) {
  auto parts = split(path);
  if (parts.size() <= 1) return ".";
  std::string folder(parts[0]);
  if (parts.size() > 2) folder.append("/").append(parts[1]);
  return folder;
}

SourceName normalize_source(std::string_view source, std::string_view source_root) {
  SourceName n;
  std::string s(source);
  // Rollup virtual modules start with a NUL byte.
  if (!s.empty() && s[0] == '\0') {
    n.runtime = true;
    s.erase(0, 1);
  }
  bool has_scheme = s.find("://") != std::string::npos;
  if (!source_root.empty() && !has_scheme && !starts_with(s, "/")) {
    std::string root(source_root);
    if (root.back() != '/') root += '/';
    s = root + s;
    has_scheme = s.find("://") != std::string::npos;
  }
  // Loader chains: the resource is after the last '!'.
  if (size_t bang = s.rfind('!'); bang != std::string::npos && bang + 1 < s.size()) s = s.substr(bang + 1);
  if (starts_with(s, "webpack://")) {
    std::string_view rest = std::string_view(s).substr(10);
    size_t slash = rest.find('/');  // "webpack://name/…" or "webpack:///…"
    s = slash == std::string_view::npos ? std::string(rest) : std::string(rest.substr(slash + 1));
  } else if (starts_with(s, "file://")) {
    s = s.substr(7);
  } else if (has_scheme) {
    s = s.substr(s.find("://") + 3);
  }
  if (starts_with(s, "/@fs/")) s = s.substr(4);  // Vite: files outside the root
  if (size_t q = s.find('?'); q != std::string::npos && q > 0) s = s.substr(0, q);
  if (starts_with(s, "webpack/") || starts_with(s, "(webpack)/") || starts_with(s, "external ") ||
      starts_with(s, "ignored|") || starts_with(s, "vite/"))
    n.runtime = true;
  for (auto& c : s)
    if (c == '\\') c = '/';
  n.path = fold_dots(s);
  if (!n.runtime) assign_package(n);
  // A bundler's own helpers shipped as packages are still packages; runtime stays runtime.
  return n;
}

}  // namespace kiln::sourcemap
