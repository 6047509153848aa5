// Original source names as bundlers write them, made comparable, and the npm package (or the
// app) each one belongs to.
//   webpack://name/./src/x.js, webpack:///./src/x.js      -> src/x.js
//   webpack://name/webpack/runtime/x, webpack/bootstrap    -> bundler runtime
//   webpack://name/external commonjs "react"               -> bundler runtime (an external)
//   ../../node_modules/.pnpm/react-dom@18.3.1/node_modules/react-dom/cjs/x.js
//                                                          -> react-dom 18.3.1
//   .yarn/cache/lodash-npm-4.17.21-abc-def.zip/node_modules/lodash/x.js -> lodash 4.17.21
//   /@fs/home/u/app/node_modules/@scope/pkg/x.js (Vite)    -> @scope/pkg
//   \0commonjsHelpers.js, \0vite/preload-helper (Rollup virtual modules) -> bundler runtime
//   loader chains (css-loader!./x.css), ?query suffixes, sourceRoot, file:// URLs.
#pragma once

#include <string>
#include <string_view>

namespace kiln::sourcemap {

inline constexpr std::string_view kBundlerRuntime = "(bundler runtime)";

struct SourceName {
  std::string path;     // normalised: "src/x.js", "node_modules/react-dom/cjs/x.js", …
  std::string package;  // npm package name; empty for the app and for bundler runtime
  std::string version;  // where the path shows it (pnpm, Yarn PnP), else empty
  bool runtime = false;  // bundler-generated (webpack runtime, externals, Rollup virtual)
  // What the report groups by: the package, or the app folder ("src/components"), or
  // kBundlerRuntime.
  std::string group() const;
};

SourceName normalize_source(std::string_view source, std::string_view source_root = {});

// The app folder a path is counted under: its first two folders ("src/components/a/b.js" ->
// "src/components"); a file at the top is counted under ".".
std::string app_folder(std::string_view path);

}  // namespace kiln::sourcemap
