// core/: globs, byte units, digests, diagnostics ordering.
#include <catch2/catch.hpp>
#include <sstream>

#include "core/diagnostics.h"
#include "core/digest.h"
#include "core/glob.h"
#include "core/parallel.h"
#include "core/units.h"

using namespace kiln;

TEST_CASE("globs match like workbox and size-limit globs", "[core][glob]") {
  CHECK(Glob("**/*.map").matches("a.js.map"));
  CHECK(Glob("**/*.map").matches("assets/x/a.js.map"));
  CHECK_FALSE(Glob("**/*.map").matches("a.js"));
  CHECK(Glob("*.map").matches("deep/er/a.map"));  // no slash: matches the name anywhere
  CHECK(Glob("assets/*.js").matches("assets/a.js"));
  CHECK_FALSE(Glob("assets/*.js").matches("assets/x/a.js"));
  CHECK_FALSE(Glob("assets/*.js").matches("other/assets/a.js"));
  CHECK(Glob("assets/**").matches("assets/x/y/z.png"));
  CHECK(Glob("assets/**/z.png").matches("assets/z.png"));
  CHECK(Glob("**/*.{js,css}").matches("a/b.css"));
  CHECK_FALSE(Glob("**/*.{js,css}").matches("a/b.html"));
  CHECK(Glob("img/[a-c]?.png").matches("img/b1.png"));
  CHECK_FALSE(Glob("img/[!a-c]?.png").matches("img/b1.png"));
  CHECK(Glob("./static/*.txt").matches("static/robots.txt"));
  CHECK(Glob("index-*.js").matches("assets/index-4f2a9c1b.js"));
  CHECK_FALSE(Glob("*.js", /*match_base=*/false).matches("sub/a.js"));  // node-glob, for workbox
  CHECK(Glob("*.js", false).matches("a.js"));
  CHECK(glob_match_segment("*a*b*", "xxaxxbxx"));
  CHECK_FALSE(glob_match_segment("*a*b", "xxaxxbxx"));
}

TEST_CASE("byte sizes parse and print with named units", "[core][units]") {
  CHECK(*parse_bytes("1024") == 1024);
  CHECK(*parse_bytes("10 kB") == 10000);
  CHECK(*parse_bytes("10KB") == 10000);
  CHECK(*parse_bytes("2 KiB") == 2048);
  CHECK(*parse_bytes("1.5 MB") == 1500000);
  CHECK(*parse_bytes("1 MiB") == 1048576);
  auto bad = parse_bytes("10 parsecs");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error() == "unknown size unit 'parsecs' in '10 parsecs' (use B, kB, MB, KiB or MiB)");
  CHECK_FALSE(parse_bytes("kB").ok());
  CHECK(format_bytes(999) == "999 B");
  CHECK(format_bytes(12345) == "12.3 kB");
  CHECK(format_bytes(4560000) == "4.56 MB");
  CHECK(with_thousands(1234567) == "1,234,567");
  CHECK(format_percent(0.2534) == "25.3%");
}

TEST_CASE("digests match their published test vectors", "[core][digest]") {
  CHECK(md5_hex("abc") == "900150983cd24fb0d6963f7d28e17f72");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // SHA-384("abc"), base64 of the FIPS 180-2 test vector.
  CHECK(sri_sha384("abc") ==
        "sha384-ywB1P0WjXou1oD1pmsZQBycsMqsO3tFjGotgWkP/W+2AhgcroefMI1i67KE0yCWn");
  CHECK(base64("") == "");
  CHECK(base64("f") == "Zg==");
  CHECK(xxh128_hex("a") != xxh128_hex("b"));
  CHECK(xxh128_hex("a").size() == 32);
  CHECK(KeyHasher().add("ab").add("c").hex() != KeyHasher().add("a").add("bc").hex());
}

TEST_CASE("diagnostics print sorted by file, line and column", "[core][diagnostics]") {
  Diagnostics d;
  d.add({Severity::warning, "b.js", 3, 1, "second"});
  d.add({Severity::error, "a.js", 12, 8, "cannot resolve './missing.js'"});
  d.add({Severity::error, "", 0, 0, "no path"});
  d.add({Severity::warning, "a.js", 2, 0, "first"});
  std::ostringstream out;
  d.print(out);
  CHECK(out.str() ==
        "kiln: error: no path\n"
        "kiln: warning: a.js:2: first\n"
        "kiln: error: a.js:12:8: cannot resolve './missing.js'\n"
        "kiln: warning: b.js:3:1: second\n");
  CHECK(d.count(Severity::error) == 2);
  CHECK(d.has_errors());
}

TEST_CASE("parallel_for visits every index exactly once for any job count", "[core][parallel]") {
  for (unsigned jobs : {1u, 2u, 4u, 16u}) {
    std::vector<int> hits(1000, 0);
    parallel_for(hits.size(), jobs, [&](size_t i) { hits[i]++; });
    CHECK(std::count(hits.begin(), hits.end(), 1) == 1000);
  }
}
