// kiln build on its own output changes nothing: for every combination of the features that
// write into the folder (images with <picture> markup and AVIF, SRI, precache injection or a
// precache list, compression, hashing with or without the manifests and _headers), the
// "gallery" fixture is built, copied, built again, and the two trees compared byte for byte.
#include <catch2/catch.hpp>
#include <filesystem>
#include <sstream>

#include "core/digest.h"
#include "golden.h"
#include "test_util.h"

using namespace kiln;

namespace {

struct Features {
  bool rewrite_html = false, avif = false, sri = false, compress = false;
  int precache = 0;  // 0 off, 1 injected into sw.js, 2 a precache-manifest.json
  int hash = 0;      // 0 off, 1 on with manifest.json, the chunk manifest and _headers, 2 on alone

  std::string name() const {
    std::ostringstream s;
    s << (rewrite_html ? "rewriteHtml " : "") << (avif ? "avif " : "") << (sri ? "sri " : "")
      << (compress ? "compress " : "") << (precache == 1 ? "precache:sw " : precache == 2 ? "precache:list " : "")
      << (hash == 1 ? "hash+manifests+headers" : hash == 2 ? "hash-alone" : "no-hash");
    return s.str();
  }

  std::string kiln_json() const {
    auto b = [](bool v) { return v ? "true" : "false"; };
    std::ostringstream s;
    s << "{\n  \"dir\": \"dist\",\n"
      << "  \"images\": { \"enabled\": true, \"rewriteHtml\": " << b(rewrite_html) << ", \"avif\": " << b(avif)
      << ", \"widths\": [16] },\n"
      << "  \"hash\": { \"enabled\": " << b(hash != 0) << ", \"sri\": " << b(sri)
      << (hash == 2 ? ", \"chunkManifest\": \"\", \"headers\": false" : "") << " },\n"
      << "  \"compress\": { \"enabled\": " << b(compress) << ", \"threshold\": 100 },\n"
      << "  \"precache\": { \"enabled\": " << b(precache != 0) << (precache == 1 ? ", \"sw\": \"sw.js\"" : "")
      << " }\n}\n";
    return s.str();
  }
};

test::RunResult build_in(const std::string& dir, const std::string& cache) {
  std::string cwd = std::filesystem::current_path().string();
  std::filesystem::current_path(dir);
  auto r = test::run_cli({"build", "-q", "-j2", "--cache-dir", cache});
  std::filesystem::current_path(cwd);
  return r;
}

// The first path where two trees differ, and how; empty when they are equal.
std::string first_difference(const std::map<std::string, std::string>& a, const std::map<std::string, std::string>& b) {
  auto ia = a.begin();
  auto ib = b.begin();
  for (; ia != a.end() && ib != b.end(); ++ia, ++ib) {
    if (ia->first < ib->first) return ia->first + ": only after the first build";
    if (ib->first < ia->first) return ib->first + ": only after the second build";
    if (ia->second != ib->second)
      return ia->first + ": contents differ (" + std::to_string(ia->second.size()) + " bytes, then " +
             std::to_string(ib->second.size()) + ")";
  }
  if (ia != a.end()) return ia->first + ": only after the first build";
  if (ib != b.end()) return ib->first + ": only after the second build";
  return "";
}

std::string listing(const std::map<std::string, std::string>& tree) {
  std::ostringstream out;
  for (const auto& [path, data] : tree) out << path << "  " << data.size() << "  " << xxh128_hex(data).substr(0, 12) << '\n';
  return out.str();
}

}  // namespace

TEST_CASE("kiln build twice: the second run on its own output changes nothing, every feature combination",
          "[build][idempotence]") {
  test::TempDir cache;  // shared: each image is encoded once, not once per combination
  std::vector<Features> all;
  for (int bits = 0; bits < 16; ++bits)
    for (int precache = 0; precache < 3; ++precache)
      for (int hash = 0; hash < 3; ++hash)
        all.push_back({(bits & 1) != 0, (bits & 2) != 0, (bits & 4) != 0, (bits & 8) != 0, precache, hash});
  int compared = 0;
  for (const auto& f : all) {
    INFO("kiln.json features: " << f.name());
    test::TempDir tmp;
    std::filesystem::copy(std::string(KILN_FIXTURES) + "/build/gallery", tmp.path(),
                          std::filesystem::copy_options::recursive);
    test::write_file(tmp / "kiln.json", f.kiln_json());
    auto first = build_in(tmp.path(), cache.path());
    INFO("first build: " << first.err);
    REQUIRE(first.code == 0);
    auto once = test::read_tree(tmp / "dist");
    auto second = build_in(tmp.path(), cache.path());
    INFO("second build: " << second.err);
    REQUIRE(second.code == 0);
    auto twice = test::read_tree(tmp / "dist");
    CHECK(first_difference(once, twice) == "");
    ++compared;
    // Every feature on: the names kiln gives the variants, for review.
    if (f.rewrite_html && f.avif && f.sri && f.compress && f.precache == 1 && f.hash == 1)
      test::check_golden(std::string(KILN_FIXTURES) + "/build/expected-gallery-tree.txt", listing(once));
  }
  CHECK(compared == 144);
}
