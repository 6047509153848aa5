// kiln compress: codecs round-trip, the phase's rules (threshold, min-ratio, stale sidecars,
// cache, idempotence), determinism across -j, and the CLI's messages and exit codes.
#include <signal.h>
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "cache/content_cache.h"
#include "compress/codec.h"
#include "compress/compressor.h"
#include "fs/memory_disk.h"
#include "scan/scanner.h"
#include "test_util.h"

using namespace kiln;
using compress::Encoding;
using compress::Outcome;

TEST_CASE("every encoder round-trips through its decoder", "[compress][codec]") {
  compress::CodecSettings s;
  s.brotli_quality = 5;  // speed; q11 is exercised by the end-to-end tests
  std::vector<std::string> inputs = {"", "a", test::text_of_size(100000), test::noise_of_size(5000)};
  for (auto engine : {compress::GzipEngine::zlib, compress::GzipEngine::libdeflate,
                      compress::GzipEngine::zopfli}) {
    s.gzip_engine = engine;
    s.gzip_level = engine == compress::GzipEngine::zlib ? 9 : 12;
    s.zopfli_iterations = 2;
    for (const auto& in : inputs) {
      for (Encoding e : compress::kEncodings) {
        INFO(compress::encoding_name(e) << " " << compress::gzip_engine_name(engine) << " " << in.size());
        std::string packed = compress::encode(e, in, s);
        auto back = compress::decode(e, packed);
        REQUIRE(back.ok());
        CHECK(*back == in);
      }
    }
  }
}

TEST_CASE("gzip output carries no mtime or name, whatever the engine", "[compress][codec]") {
  compress::CodecSettings s;
  for (auto engine : {compress::GzipEngine::zlib, compress::GzipEngine::libdeflate,
                      compress::GzipEngine::zopfli}) {
    s.gzip_engine = engine;
    s.gzip_level = engine == compress::GzipEngine::zlib ? 9 : 12;
    s.zopfli_iterations = 1;
    std::string gz = compress::encode(Encoding::gzip, "hello hello hello", s);
    REQUIRE(gz.size() > 10);
    CHECK(uint8_t(gz[0]) == 0x1f);
    CHECK(uint8_t(gz[1]) == 0x8b);
    CHECK((uint8_t(gz[3]) & 0x08) == 0);  // FNAME
    CHECK(gz.substr(4, 4) == std::string(4, '\0'));  // MTIME
  }
}

TEST_CASE("decoders reject damaged streams", "[compress][codec]") {
  compress::CodecSettings s;
  std::string text = test::text_of_size(20000);
  for (Encoding e : compress::kEncodings) {
    std::string packed = compress::encode(e, text, s);
    CHECK_FALSE(compress::decode(e, packed.substr(0, packed.size() / 2)).ok());
  }
}

TEST_CASE("the brotli window fits the file, up to 24 bits", "[compress][codec]") {
  CHECK(compress::brotli_window_bits(0) == 10);
  CHECK(compress::brotli_window_bits(1008) == 10);
  CHECK(compress::brotli_window_bits(1009) == 11);
  CHECK(compress::brotli_window_bits(100000) == 17);
  CHECK(compress::brotli_window_bits(50'000'000) == 24);
}

namespace {

struct MemoryRun {
  fs::MemoryDisk disk;
  Diagnostics diags;
  compress::CompressResult result;

  void run(const compress::CompressOptions& opt, const std::string& cache_dir = "cache") {
    diags.clear();
    cache::ContentCache cache(disk, cache_dir);
    auto scanned = scan::scan_tree(disk, "dist", {}, diags);
    REQUIRE(scanned.ok());
    result = compress::compress_files(disk, "dist", scanned->files, opt, cache, diags);
  }
  const compress::FileResult& file(const std::string& path) const {
    for (const auto& f : result.files)
      if (f.path == path) return f;
    FAIL("no result for " << path);
    throw;
  }
};

compress::CompressOptions fast_options() {
  compress::CompressOptions o;
  o.codec.brotli_quality = 4;
  o.jobs = 2;
  return o;
}

}  // namespace

TEST_CASE("compress applies threshold, min-ratio and type rules", "[compress]") {
  MemoryRun m;
  m.disk.put("dist/app.js", test::text_of_size(5000));
  m.disk.put("dist/tiny.css", "body{}");
  m.disk.put("dist/random.json", test::noise_of_size(4000));
  m.disk.put("dist/app.js.map", test::text_of_size(5000, 3));
  m.disk.put("dist/photo.png", test::noise_of_size(4000));
  m.disk.put("dist/old.js.gz", "whatever");  // an existing sidecar is never compressed again
  auto opt = fast_options();
  m.run(opt);
  CHECK(m.diags.sorted().empty());
  REQUIRE(m.result.files.size() == 3);  // app.js, random.json, tiny.css (sorted)
  CHECK(m.result.files[0].path == "app.js");
  CHECK(m.result.files[1].path == "random.json");
  CHECK(m.result.files[2].path == "tiny.css");
  CHECK(m.result.not_selected == 2);  // the map and the png
  CHECK(m.result.sidecars_seen == 1);

  const auto& app = m.file("app.js");
  CHECK(app[Encoding::brotli].outcome == Outcome::written);
  CHECK(app[Encoding::gzip].outcome == Outcome::written);
  CHECK(app[Encoding::zstd].outcome == Outcome::disabled);
  CHECK(*compress::decode(Encoding::brotli, m.disk.contents("dist/app.js.br")) == m.disk.contents("dist/app.js"));
  CHECK(*compress::decode(Encoding::gzip, m.disk.contents("dist/app.js.gz")) == m.disk.contents("dist/app.js"));
  CHECK(m.file("tiny.css")[Encoding::brotli].outcome == Outcome::below_threshold);
  CHECK_FALSE(m.disk.exists("dist/tiny.css.br"));
  CHECK(m.file("random.json")[Encoding::gzip].outcome == Outcome::not_smaller);
  CHECK_FALSE(m.disk.exists("dist/random.json.gz"));
  CHECK_FALSE(m.disk.exists("dist/app.js.map.br"));

  SECTION("--include adds source maps") {
    opt.include = {"**/*.map"};
    m.run(opt);
    CHECK(m.file("app.js.map")[Encoding::brotli].outcome == Outcome::written);
    CHECK(m.disk.exists("dist/app.js.map.br"));
  }
  SECTION("--exclude removes files") {
    opt.exclude = {"*.js"};
    m.run(opt);
    CHECK(m.result.files.size() == 2);
  }
}

TEST_CASE("a re-run on an unchanged folder does no compression work and writes nothing", "[compress]") {
  MemoryRun m;
  m.disk.put("dist/a.js", test::text_of_size(20000));
  m.disk.put("dist/b/c.css", test::text_of_size(9000, 5));
  auto opt = fast_options();
  opt.zstd = true;
  m.run(opt);
  size_t writes_after_first = m.disk.writes();
  CHECK(writes_after_first == 12);  // 6 sidecars + 6 cache entries

  m.run(opt);
  CHECK(m.disk.writes() == writes_after_first);
  CHECK(m.result.cache_hits == 6);
  CHECK(m.result.cache_misses == 0);
  for (const auto& f : m.result.files)
    for (Encoding e : compress::kEncodings) {
      CHECK(f[e].outcome == Outcome::up_to_date);
      CHECK(f[e].from_cache);
    }

  SECTION("a fresh copy of the same input is served from the cache") {
    REQUIRE(m.disk.remove_file("dist/a.js.br").ok());
    m.run(opt);
    CHECK(m.file("a.js")[Encoding::brotli].outcome == Outcome::written);
    CHECK(m.file("a.js")[Encoding::brotli].from_cache);
    CHECK(*compress::decode(Encoding::brotli, m.disk.contents("dist/a.js.br")) == m.disk.contents("dist/a.js"));
  }
  SECTION("--force compresses again but still rewrites nothing identical") {
    opt.force = true;
    m.run(opt);
    CHECK(m.result.cache_hits == 0);
    CHECK(m.disk.writes() == writes_after_first + 6);  // only the cache entries are refreshed
  }
  SECTION("a changed file is compressed again") {
    m.disk.put("dist/a.js", test::text_of_size(20000, 9));
    m.run(opt);
    CHECK(m.file("a.js")[Encoding::gzip].outcome == Outcome::written);
    CHECK_FALSE(m.file("a.js")[Encoding::gzip].from_cache);
    CHECK(m.file("b/c.css")[Encoding::gzip].outcome == Outcome::up_to_date);
  }
}

TEST_CASE("stale sidecars are removed when a file no longer earns one", "[compress]") {
  MemoryRun m;
  m.disk.put("dist/a.js", test::text_of_size(20000));
  auto opt = fast_options();
  opt.zstd = true;
  m.run(opt);
  REQUIRE(m.disk.exists("dist/a.js.zst"));

  SECTION("content became incompressible") {
    m.disk.put("dist/a.js", test::noise_of_size(20000));
    m.run(opt);
    CHECK(m.file("a.js")[Encoding::brotli].outcome == Outcome::not_smaller);
    CHECK(m.file("a.js")[Encoding::brotli].removed_stale);
    CHECK_FALSE(m.disk.exists("dist/a.js.br"));
    CHECK_FALSE(m.disk.exists("dist/a.js.gz"));
  }
  SECTION("file shrank below the threshold") {
    m.disk.put("dist/a.js", "x");
    m.run(opt);
    CHECK(m.file("a.js")[Encoding::gzip].outcome == Outcome::below_threshold);
    CHECK_FALSE(m.disk.exists("dist/a.js.gz"));
  }
  SECTION("a disabled encoding's sidecar is kept while it matches, removed once it does not") {
    opt.zstd = false;
    m.run(opt);
    CHECK(m.disk.exists("dist/a.js.zst"));
    m.disk.put("dist/a.js", test::text_of_size(20000, 4));
    m.run(opt);
    CHECK_FALSE(m.disk.exists("dist/a.js.zst"));
    CHECK(m.file("a.js")[Encoding::zstd].removed_stale);
  }
  SECTION("--dry-run removes and writes nothing") {
    m.disk.put("dist/a.js", "x");
    opt.dry_run = true;
    size_t writes = m.disk.writes(), removes = m.disk.removes();
    m.run(opt);
    CHECK(m.file("a.js")[Encoding::gzip].removed_stale);
    CHECK(m.disk.exists("dist/a.js.gz"));
    CHECK(m.disk.writes() == writes);
    CHECK(m.disk.removes() == removes);
  }
}

TEST_CASE("an unreadable file is reported and the rest is compressed", "[compress]") {
  MemoryRun m;
  m.disk.put("dist/a.js", test::text_of_size(5000));
  m.disk.put("dist/locked.js", test::text_of_size(5000));
  m.disk.fail_reads_of("dist/locked.js");
  m.run(fast_options());
  auto d = m.diags.sorted();
  REQUIRE(d.size() == 1);
  CHECK(format_diagnostic(d[0]) == "kiln: error: locked.js: cannot read: Permission denied");
  CHECK(m.file("locked.js").failed);
  CHECK(m.disk.exists("dist/a.js.br"));
}

TEST_CASE("a failed sidecar write is reported and leaves nothing", "[compress]") {
  MemoryRun m;
  m.disk.put("dist/a.js", test::text_of_size(5000));
  m.disk.fail_writes_of("dist/a.js.gz");
  m.run(fast_options());
  auto d = m.diags.sorted();
  REQUIRE(d.size() == 1);
  CHECK(format_diagnostic(d[0]) == "kiln: error: a.js.gz: cannot write: No space left on device");
  CHECK(m.disk.exists("dist/a.js.br"));
  CHECK_FALSE(m.disk.exists("dist/a.js.gz"));
}

TEST_CASE("compress: -j1 and -j4 write byte-identical sidecars and reports", "[compress][determinism]") {
  test::TempDir a, b;
  for (const auto* root : {&a, &b})
    for (int i = 0; i < 12; ++i)
      test::write_file(*root / ("assets/chunk-" + std::to_string(i) + ".js"),
                       test::text_of_size(3000 + 1500 * i, i));
  auto ra = test::run_cli({"compress", a.path(), "-j1", "--no-cache", "--format", "json", "--zstd"});
  auto rb = test::run_cli({"compress", b.path(), "-j4", "--no-cache", "--format", "json", "--zstd"});
  CHECK(ra.code == 0);
  CHECK(rb.code == 0);
  CHECK(ra.out == rb.out);
  auto ta = test::read_tree(a.path()), tb = test::read_tree(b.path());
  CHECK(ta.size() == 48);
  CHECK(ta == tb);
}

TEST_CASE("kiln compress: messages and exit codes", "[compress][cli]") {
  SECTION("a missing folder is bad usage") {
    auto r = test::run_cli({"compress", "/nonexistent/dist"});
    CHECK(r.code == 2);
    CHECK(r.err == "kiln: error: cannot open folder /nonexistent/dist: No such file or directory\n");
  }
  SECTION("an unknown flag is bad usage") {
    auto r = test::run_cli({"compress", ".", "--brotli-qualty", "3"});
    CHECK(r.code == 2);
    CHECK(r.err.rfind("kiln: error: ", 0) == 0);
  }
  SECTION("a bad threshold names the flag") {
    auto r = test::run_cli({"compress", ".", "--threshold", "3 parsecs"});
    CHECK(r.code == 2);
    CHECK(r.err == "kiln: error: --threshold: unknown size unit 'parsecs' in '3 parsecs' (use B, kB, MB, KiB or MiB)\n");
  }
  SECTION("a file that vanishes or cannot be read gives exit 3, the rest is done") {
    test::TempDir d;
    test::write_file(d / "ok.js", test::text_of_size(4000));
    // A dangling link: listed by the scan as a file that cannot be read.
    REQUIRE(symlink((d / "gone.js").c_str(), (d / "dangling.js").c_str()) == 0);
    test::write_file(d / "sub/x.css", test::text_of_size(4000));
    REQUIRE(symlink(d.path().c_str(), (d / "sub/loop").c_str()) == 0);
    auto r = test::run_cli({"compress", d.path(), "--no-cache", "-q"});
    CHECK(r.err ==
          "kiln: warning: dangling.js: broken symbolic link: No such file or directory\n"
          "kiln: warning: sub/loop: symbolic link loop: points back to a folder above it; not followed\n");
    CHECK(r.code == 0);
    CHECK(test::exists(d / "ok.js.br"));
    CHECK(test::exists(d / "sub/x.css.gz"));
  }
  SECTION("an unreadable file is exit 3, named, and everything else is still done") {
    fs::MemoryDisk disk;
    disk.put("dist/a.js", test::text_of_size(4000));
    disk.put("dist/secret.js", test::text_of_size(4000));
    disk.fail_reads_of("dist/secret.js");
    std::ostringstream out, err;
    int code = cli::run(disk, {"compress", "dist", "--no-cache", "-q"}, out, err);
    CHECK(code == 3);
    CHECK(err.str() == "kiln: error: secret.js: cannot read: Permission denied\n");
    CHECK(disk.exists("dist/a.js.br"));
    CHECK(disk.exists("dist/a.js.gz"));
    CHECK_FALSE(disk.exists("dist/secret.js.br"));
  }
  SECTION("json output is complete and parseable") {
    test::TempDir d;
    test::write_file(d / "a.js", test::text_of_size(4000));
    auto r = test::run_cli({"compress", d.path(), "--no-cache", "--format", "json", "--brotli-quality", "5"});
    REQUIRE(r.code == 0);
    auto j = nlohmann::json::parse(r.out);
    CHECK(j["schema"] == "kiln.compress/1");
    CHECK(j["files"][0]["path"] == "a.js");
    CHECK(j["files"][0]["raw"] == 4000);
    CHECK(j["files"][0]["brotli"]["outcome"] == "written");
    CHECK(j["files"][0]["brotli"]["bytes"] == test::read_file(d / "a.js.br").size());
    CHECK(j["counts"]["sidecarsWritten"] == 2);
  }
}

TEST_CASE("an interrupted run leaves no temp file and no partial sidecar", "[compress][signals]") {
  test::TempDir d;
  for (int i = 0; i < 6; ++i)
    test::write_file(d / ("big-" + std::to_string(i) + ".js"), test::text_of_size(1500000, i));
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    execl(KILN_BINARY, "kiln", "compress", d.path().c_str(), "--no-cache", "-q", "-j2", nullptr);
    _exit(127);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  kill(pid, SIGINT);
  int status = 0;
  REQUIRE(waitpid(pid, &status, 0) == pid);
  // The run was really cut short by the signal (9 MB at brotli q11 takes seconds), not
  // finished or failed to start: otherwise the checks below would prove nothing.
  REQUIRE(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == SIGINT);
  for (const auto& [path, data] : test::read_tree(d.path())) {
    INFO(path);
    CHECK(path.find(".kiln-tmp-") == std::string::npos);
    if (path.size() > 3 && path.substr(path.size() - 3) == ".br") {
      auto back = compress::decode(Encoding::brotli, data);
      CHECK(back.ok());
    }
  }
}
