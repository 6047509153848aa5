// Source names from each bundler, and the npm package each belongs to.
#include <catch2/catch.hpp>

#include "sourcemap/source_name.h"

using kiln::sourcemap::app_folder;
using kiln::sourcemap::normalize_source;

TEST_CASE("webpack source names", "[sourcemap][names]") {
  auto a = normalize_source("webpack://my-app/./src/components/Button.jsx");
  CHECK(a.path == "src/components/Button.jsx");
  CHECK(a.package.empty());
  CHECK(a.group() == "src/components");
  CHECK(normalize_source("webpack:///./src/x.js").path == "src/x.js");
  auto nm = normalize_source("webpack://SwaggerUICore/./node_modules/lodash/get.js");
  CHECK(nm.package == "lodash");
  CHECK(nm.path == "node_modules/lodash/get.js");
  CHECK(normalize_source("webpack://app/webpack/runtime/define property getters").runtime);
  CHECK(normalize_source("webpack:///webpack/bootstrap").group() == "(bundler runtime)");
  CHECK(normalize_source("webpack://app/external commonjs \"react\"").runtime);
  auto loader = normalize_source("webpack://app/./node_modules/css-loader/dist/cjs.js!./src/app.css?ab12");
  CHECK(loader.path == "src/app.css");
  CHECK(loader.package.empty());
}

TEST_CASE("package layouts: scoped, nested, pnpm, Yarn PnP", "[sourcemap][names]") {
  auto scoped = normalize_source("../node_modules/@babel/runtime/helpers/esm/extends.js");
  CHECK(scoped.package == "@babel/runtime");
  CHECK(scoped.path == "node_modules/@babel/runtime/helpers/esm/extends.js");
  CHECK(normalize_source("node_modules/a/node_modules/b/index.js").package == "b");
  auto pnpm = normalize_source("../../node_modules/.pnpm/react-dom@18.3.1/node_modules/react-dom/cjs/react-dom.production.min.js");
  CHECK(pnpm.package == "react-dom");
  CHECK(pnpm.version == "18.3.1");
  CHECK(pnpm.path == "node_modules/react-dom/cjs/react-dom.production.min.js");
  auto pnpm_peer = normalize_source("node_modules/.pnpm/@tanstack+react-query@5.0.0_react@18.2.0/node_modules/@tanstack/react-query/build/index.js");
  CHECK(pnpm_peer.package == "@tanstack/react-query");
  CHECK(pnpm_peer.version == "5.0.0");
  CHECK(normalize_source("node_modules/.pnpm/styled-components@6.1.0(react@18.3.1)/node_modules/styled-components/dist/x.js").version == "6.1.0");
  auto yarn = normalize_source(".yarn/cache/lodash-npm-4.17.21-6382451519-eb835a2e51.zip/node_modules/lodash/lodash.js");
  CHECK(yarn.package == "lodash");
  CHECK(yarn.version == "4.17.21");
  auto yarn_pre = normalize_source("../.yarn/cache/@scope-pkg-npm-1.0.0-beta.2-abc-def.zip/node_modules/@scope/pkg/i.js");
  CHECK(yarn_pre.package == "@scope/pkg");
  CHECK(yarn_pre.version == "1.0.0-beta.2");
  CHECK(normalize_source("node_modules/@scope").package.empty());  // a scope alone is no package
}

TEST_CASE("Vite, Rollup, esbuild and sourceRoot names", "[sourcemap][names]") {
  auto fs = normalize_source("/@fs/home/u/app/node_modules/vue/dist/vue.runtime.esm-bundler.js?v=1a2b");
  CHECK(fs.package == "vue");
  CHECK(fs.path == "node_modules/vue/dist/vue.runtime.esm-bundler.js");
  auto helpers = normalize_source(std::string_view("\0commonjsHelpers.js", 19));
  CHECK(helpers.runtime);
  CHECK(helpers.path == "commonjsHelpers.js");
  CHECK(normalize_source("vite/preload-helper.js").runtime);
  CHECK(normalize_source("../src/core/Util.js").path == "src/core/Util.js");  // leaflet (Rollup)
  auto rooted = normalize_source("core/a.js", "webpack://lib/./src/");
  CHECK(rooted.path == "src/core/a.js");
  CHECK(normalize_source("c:\\app\\node_modules\\x\\i.js").package == "x");
  CHECK(normalize_source("file:///home/u/app/src/main.ts").path == "home/u/app/src/main.ts");
  CHECK(app_folder("main.js") == ".");
  CHECK(app_folder("src/main.js") == "src");
}
