// kiln deploy-config and the "deploy" step of kiln build: goldens of every generated config
// for a built fixture, the types table, the rules shared with _headers, and determinism.
// tests/deploy/servers.sh serves the same fixture with real nginx and Caddy.
#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "deploy/configs.h"
#include "deploy/content_types.h"
#include "golden.h"
#include "test_util.h"

using namespace kiln;

namespace {

const std::string kGoldens = std::string(KILN_FIXTURES) + "/deploy/expected/";

// A built copy of fixtures/deploy/site: hashed names and sidecars, as kiln build leaves it.
std::string built_site(const test::TempDir& tmp) {
  std::string dist = tmp / "dist";
  std::filesystem::copy(std::string(KILN_FIXTURES) + "/deploy/site", dist, std::filesystem::copy_options::recursive);
  auto r = test::run_cli({"build", dist, "-q", "--cache-dir", tmp / "cache"});
  REQUIRE(r.code == 0);
  return dist;
}

test::RunResult deploy_config(const std::string& dist, const std::string& target, std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"deploy-config", dist, "--for", target, "--root", "/srv/site", "--listen", "8080", "--no-cache"};
  args.insert(args.end(), extra.begin(), extra.end());
  return test::run_cli(args);
}

}  // namespace

TEST_CASE("content types: the extensions older mime tables lack", "[deploy]") {
  CHECK(deploy::content_type_for("webmanifest") == "application/manifest+json");
  CHECK(deploy::content_type_for("mjs") == "text/javascript");
  CHECK(deploy::content_type_for("wasm") == "application/wasm");
  CHECK(deploy::content_type_for("avif") == "image/avif");
  CHECK(deploy::content_type_for("woff2") == "font/woff2");
  CHECK(deploy::content_type_for("nope") == "application/octet-stream");
  CHECK(deploy::extension_of("a/B.Tar.GZ") == "gz");
  CHECK(deploy::extension_of("dir.v2/README") == "");
  CHECK(deploy::extension_of(".htaccess") == "");
}

TEST_CASE("kiln deploy-config: nginx, Caddy, _headers and upload plans of a built site", "[deploy][golden]") {
  test::TempDir tmp;
  std::string dist = built_site(tmp);
  for (const char* target : {"nginx", "caddy", "netlify", "s3", "aws", "rclone"}) {
    auto r = deploy_config(dist, target, {"--bucket", std::string(target) == "aws" ? "s3://site" : "r2:site"});
    INFO(target << ": " << r.err);
    REQUIRE(r.code == 0);
    test::check_golden(kGoldens + deploy::default_file_name(*deploy::parse_target(target)), r.out);
  }
  test::check_no_leftover_goldens(kGoldens, "");
  SECTION("the Netlify target is the _headers kiln build wrote") {
    CHECK(deploy_config(dist, "netlify").out == test::read_file(dist + "/_headers"));
  }
  SECTION("every served file has its type, and sidecars their file's type and headers") {
    auto plan = nlohmann::json::parse(deploy_config(dist, "s3").out);
    size_t sidecars = 0;
    for (const auto& o : plan["objects"]) {
      std::string key = o["key"];
      CHECK(test::exists(dist + "/" + key));
      CHECK(o["contentType"] != "application/octet-stream");
      if (o.contains("contentEncoding")) {
        ++sidecars;
        std::string suffix = o["contentEncoding"] == "br" ? ".br" : ".gz";
        REQUIRE(key.size() > suffix.size());
        CHECK(key.substr(key.size() - suffix.size()) == suffix);
      }
      // The service worker and pages are revalidated, whatever their encoding.
      if (key.rfind("sw.js", 0) == 0 || key.find(".html") != std::string::npos) CHECK(o["cacheControl"] == "no-cache");
    }
    CHECK(sidecars >= 8);
  }
  SECTION("a public path prefixes locations, matchers and keys") {
    auto nginx = deploy_config(dist, "nginx", {"--base", "/app/"}).out;
    CHECK(nginx.find("location ^~ \"/app/assets/\"") != std::string::npos);
    auto caddy = deploy_config(dist, "caddy", {"--base", "/app/"}).out;
    CHECK(caddy.find("path \"/app/assets/*\"") != std::string::npos);
    auto s3 = nlohmann::json::parse(deploy_config(dist, "s3", {"--base", "/app/"}).out);
    CHECK(s3["objects"][0]["key"].get<std::string>().rfind("app/assets/", 0) == 0);
  }
  SECTION("a bad target is bad usage") {
    auto r = deploy_config(dist, "apache");
    CHECK(r.code == 2);
    CHECK(r.err.find("'apache' is not a target") != std::string::npos);
  }
}

TEST_CASE("kiln deploy-config: same bytes for -j1 and -j4", "[deploy][determinism]") {
  test::TempDir tmp;
  std::string dist = built_site(tmp);
  for (const char* target : {"nginx", "caddy", "s3"})
    CHECK(deploy_config(dist, target, {"-j1"}).out == deploy_config(dist, target, {"-j4"}).out);
}

TEST_CASE("kiln build writes the configs kiln.json's deploy section asks for, outside the folder", "[deploy][build]") {
  test::TempDir tmp;
  std::filesystem::copy(std::string(KILN_FIXTURES) + "/deploy/site", tmp / "dist", std::filesystem::copy_options::recursive);
  test::write_file(tmp / "kiln.json", R"({"dir": "dist", "deploy": {"for": ["nginx", "caddy", "s3"], "root": "/srv/site", "listen": "8080"}})");
  auto r = test::run_cli({"build", "-c", tmp / "kiln.json", "--cache-dir", tmp / "cache"});
  INFO(r.out << r.err);
  REQUIRE(r.code == 0);
  CHECK(r.out.find("deploy    " + tmp.path() + "/deploy/nginx.conf") != std::string::npos);
  CHECK(test::read_file(tmp / "deploy/nginx.conf") == test::read_file(kGoldens + "nginx.conf"));
  CHECK(test::read_file(tmp / "deploy/Caddyfile") == test::read_file(kGoldens + "Caddyfile"));
  CHECK(test::exists(tmp / "deploy/upload.json"));
  CHECK(!test::exists(tmp / "dist/nginx.conf"));

  SECTION("an unknown target names its place") {
    test::write_file(tmp / "kiln.json", R"({"dir": "dist", "deploy": {"for": ["nginx", "ngnix"]}})");
    auto bad = test::run_cli({"build", "-c", tmp / "kiln.json", "--no-cache"});
    CHECK(bad.code == 2);
    CHECK(bad.err.find("deploy.for[1]: 'ngnix' is not a target") != std::string::npos);
  }
}
