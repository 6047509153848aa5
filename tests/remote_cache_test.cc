// The remote cache tier against an in-memory server: the Bazel protocol's two namespaces,
// digest checks on every answer, one warning for bad answers, pull-only runs, and a local
// cache filled from the remote.
#include <catch2/catch.hpp>
#include <map>
#include <mutex>

#include "cache/action_result.h"
#include "cache/content_cache.h"
#include "cache/http_store.h"
#include "cache/remote_cache.h"
#include "core/digest.h"
#include "report/remote_summary.h"
#include "fs/memory_disk.h"

using namespace kiln;
using namespace kiln::cache;

namespace {

struct FakeServer {
  std::mutex mutex;
  std::map<std::string, std::string> objects;
  BlobReply::Status fail_with = BlobReply::Status::ok;  // ok = answer normally
  int gets = 0, puts = 0;
};

class FakeStore final : public BlobStore {
 public:
  explicit FakeStore(FakeServer& s) : s_(s) {}
  BlobReply get(const std::string& path) override {
    std::lock_guard lock(s_.mutex);
    ++s_.gets;
    if (s_.fail_with != BlobReply::Status::ok) return {s_.fail_with, {}, "injected"};
    auto it = s_.objects.find(path);
    if (it == s_.objects.end()) return {BlobReply::Status::not_found, {}, "HTTP 404"};
    return {BlobReply::Status::ok, it->second, {}};
  }
  BlobReply put(const std::string& path, std::string_view bytes) override {
    std::lock_guard lock(s_.mutex);
    ++s_.puts;
    if (s_.fail_with != BlobReply::Status::ok) return {s_.fail_with, {}, "injected"};
    s_.objects[path] = std::string(bytes);
    return {BlobReply::Status::ok, {}, {}};
  }
  std::string describe() const override { return "fake://cache"; }

 private:
  FakeServer& s_;
};

std::unique_ptr<RemoteCache> remote_on(FakeServer& s, bool upload = true) {
  return std::make_unique<RemoteCache>(std::make_unique<FakeStore>(s), upload, 2);
}

const std::string kKey = "0123456789abcdef0123456789abcdef";

}  // namespace

TEST_CASE("action results round-trip in the ActionResult wire format", "[remote]") {
  std::string digest = sha256_hex("hello");
  auto bytes = encode_action_result({{"compress/" + kKey, digest, 5}});
  auto back = decode_action_result(bytes);
  REQUIRE(back);
  REQUIRE(back->size() == 1);
  CHECK((*back)[0].path == "compress/" + kKey);
  CHECK((*back)[0].sha256 == digest);
  CHECK((*back)[0].size == 5);
  // Field 2 (output_files), length-delimited: what any protobuf reader sees first.
  CHECK(uint8_t(bytes[0]) == 0x12);
  CHECK_FALSE(decode_action_result(bytes.substr(0, bytes.size() - 3)));  // truncated
  CHECK_FALSE(decode_action_result(encode_action_result({{"x", "not-a-digest", 1}})));
  // Fields kiln does not write (exit_code = 4, a varint) are skipped.
  CHECK(decode_action_result(std::string("\x20\x01", 2) + bytes));
}

TEST_CASE("an entry is stored as cas/<sha256> plus ac/<sha256> and read back", "[remote]") {
  FakeServer server;
  {
    auto remote = remote_on(server);
    remote->put("compress", kKey, "compressed bytes");
    remote->finish();
    auto s = remote->stats();
    CHECK(s.uploads == 1);
    CHECK(s.bytes_up > 16);
  }
  CHECK(server.objects.count("cas/" + sha256_hex("compressed bytes")) == 1);
  CHECK(server.objects.count(RemoteCache::ac_path("compress", kKey)) == 1);
  CHECK(RemoteCache::ac_path("compress", kKey).size() == 3 + 64);

  auto remote = remote_on(server);
  CHECK(remote->get("compress", kKey) == "compressed bytes");
  CHECK_FALSE(remote->get("parse", kKey));  // another namespace, another entry
  CHECK(remote->stats().hits == 1);
  CHECK(remote->stats().misses == 1);
  CHECK_FALSE(remote->problem());  // a 404 is a plain miss
}

TEST_CASE("remote answers that do not match their digest are misses with one warning", "[remote]") {
  FakeServer server;
  remote_on(server)->put("images", kKey, "variant bytes");
  std::string cas = "cas/" + sha256_hex("variant bytes");

  SECTION("corrupted") { server.objects[cas] = "variant bytez"; }
  SECTION("truncated") { server.objects[cas] = "variant"; }
  SECTION("action result for another entry") {
    server.objects[RemoteCache::ac_path("images", kKey)] =
        encode_action_result({{"images/other", sha256_hex("variant bytes"), 13}});
  }
  SECTION("action result garbage") { server.objects[RemoteCache::ac_path("images", kKey)] = "\xff\xff\xff"; }
  auto remote = remote_on(server);
  CHECK_FALSE(remote->get("images", kKey));
  CHECK_FALSE(remote->get("images", kKey));
  CHECK(remote->stats().errors == 2);
  auto problem = remote->problem();
  REQUIRE(problem);
  CHECK(problem->find("and 1 more") != std::string::npos);
}

TEST_CASE("a server that does not answer is asked once, then left alone for the run", "[remote]") {
  FakeServer server;
  server.fail_with = BlobReply::Status::down;
  auto remote = remote_on(server);
  for (int i = 0; i < 5; ++i) CHECK_FALSE(remote->get("parse", kKey));
  remote->put("parse", kKey, "x");
  remote->finish();
  CHECK(server.gets == 1);
  CHECK(server.puts == 0);
  CHECK(remote->stats().down);
  CHECK(remote->stats().misses == 5);
  CHECK(remote->problem()->find("not used for the rest of the run") != std::string::npos);
}

TEST_CASE("a server answering 500 gives misses, and the run keeps asking until it fails 5 times in a row", "[remote]") {
  FakeServer server;
  server.fail_with = BlobReply::Status::failed;
  auto remote = remote_on(server);
  for (unsigned i = 0; i + 1 < RemoteCache::kMaxFailures; ++i) CHECK_FALSE(remote->get("parse", kKey));
  CHECK_FALSE(remote->stats().down);
  // A good answer (here a plain miss) in between starts the count again.
  server.fail_with = BlobReply::Status::ok;
  CHECK_FALSE(remote->get("parse", kKey));
  server.fail_with = BlobReply::Status::failed;
  for (unsigned i = 0; i + 1 < RemoteCache::kMaxFailures; ++i) CHECK_FALSE(remote->get("parse", kKey));
  CHECK_FALSE(remote->stats().down);
  int asked = server.gets;
  CHECK(asked == int(2 * (RemoteCache::kMaxFailures - 1) + 1));
  CHECK_FALSE(remote->get("parse", kKey));  // the 5th bad answer in a row
  CHECK(remote->stats().down);
  for (int i = 0; i < 10; ++i) CHECK_FALSE(remote->get("parse", kKey));
  CHECK(server.gets == asked + 1);
  CHECK(remote->stats().misses == 2 * RemoteCache::kMaxFailures + 10);
  CHECK(remote->problem()->find("injected (and 8 more)") != std::string::npos);
  CHECK(remote->problem()->find("not used for the rest of the run") != std::string::npos);
}

TEST_CASE("a server refusing uploads is still read, and no longer written to", "[remote]") {
  FakeServer server;
  auto remote = remote_on(server);
  remote->put("parse", kKey, "x");
  remote->finish();
  REQUIRE(remote->get("parse", kKey) == "x");
  server.fail_with = BlobReply::Status::failed;  // e.g. HTTP 403 for a read-only token
  for (unsigned i = 0; i < RemoteCache::kMaxFailures + 5; ++i) {
    remote->put("parse", kKey + std::to_string(i), "y");
    remote->finish();  // one at a time, so the count is exact
  }
  CHECK(server.puts == int(2 + RemoteCache::kMaxFailures));  // cas + ac, then one refused cas each
  CHECK(remote->stats().uploads_stopped);
  CHECK_FALSE(remote->stats().down);
  server.fail_with = BlobReply::Status::ok;
  CHECK(remote->get("parse", kKey) == "x");
  CHECK(remote->problem()->find("nothing more was uploaded") != std::string::npos);
}

TEST_CASE("the summary line counts in the right number", "[remote]") {
  FakeServer server;
  auto remote = remote_on(server);
  server.fail_with = BlobReply::Status::failed;
  CHECK_FALSE(remote->get("parse", kKey));
  CHECK(report::remote_summary_text(*remote).find("0 hits, 1 miss; ") == 0);
  CHECK(report::remote_summary_text(*remote).find(", 1 bad answer — fake://cache") != std::string::npos);
  CHECK_FALSE(remote->get("parse", kKey));
  CHECK(report::remote_summary_text(*remote).find("0 hits, 2 misses; ") == 0);
  CHECK(report::remote_summary_text(*remote).find(", 2 bad answers — ") != std::string::npos);
  CHECK(report::remote_summary_json(*remote)["uploadsStopped"] == false);
}

TEST_CASE("pull-only (--remote-cache-upload=false) reads but never writes", "[remote]") {
  FakeServer server;
  auto remote = remote_on(server, false);
  remote->put("parse", kKey, "x");
  remote->finish();
  CHECK(server.puts == 0);
  CHECK(remote->stats().uploads == 0);
}

TEST_CASE("the content cache asks the remote after a local miss and keeps what it gets", "[remote]") {
  FakeServer server;
  fs::MemoryDisk disk_a, disk_b;
  {
    auto remote = remote_on(server);
    ContentCache a(disk_a, "cache");
    a.set_remote(remote.get());
    CHECK_FALSE(a.get("compress", kKey));
    a.put("compress", kKey, "brotli bytes");  // computed: written locally and remotely
    remote->finish();
    CHECK(remote->stats().uploads == 1);
  }
  // Machine B: empty local cache, same server.
  auto remote = remote_on(server);
  ContentCache b(disk_b, "cache");
  b.set_remote(remote.get());
  CHECK(b.get("compress", kKey) == "brotli bytes");
  CHECK(b.hits() == 1);
  int gets = server.gets;
  CHECK(b.get("compress", kKey) == "brotli bytes");  // now local
  CHECK(server.gets == gets);
  remote->finish();
  CHECK(remote->stats().uploads == 0);  // a remote hit is not sent back
}

TEST_CASE("URLs in messages carry no password", "[remote]") {
  CHECK(redact_url("https://user:secret@cache.example:8080/kiln") == "https://cache.example:8080/kiln");
  CHECK(redact_url("http://127.0.0.1:9090/") == "http://127.0.0.1:9090/");
}

// --- sharded runs ---
#include "pipeline/shard.h"

TEST_CASE("shard I/N is 1-based and checked", "[remote][shard]") {
  auto s = pipeline::parse_shard("2/3");
  REQUIRE(s);
  CHECK(s->index == 1);
  CHECK(s->count == 3);
  CHECK(s->active());
  for (const char* bad : {"0/2", "3/2", "1/0", "1", "a/b", "1/2x", "-1/2", ""}) CHECK_FALSE(pipeline::parse_shard(bad));
}

TEST_CASE("image dimensions come from the header of each format", "[remote][shard]") {
  std::string png = "\x89PNG\r\n\x1a\n" + std::string("\0\0\0\x0dIHDR", 8) + std::string("\0\0\x01\x00\0\0\x00\x80", 8);
  CHECK(pipeline::image_pixels(png) == 256 * 128);
  CHECK(pipeline::image_pixels(std::string("GIF89a\x0a\x00\x05\x00", 10)) == 50);
  // JPEG: SOI, an APP0 segment of 4 bytes, then SOF0 with height 3, width 4.
  std::string jpeg("\xFF\xD8\xFF\xE0\x00\x04\x00\x00\xFF\xC0\x00\x11\x08\x00\x03\x00\x04\x03", 18);
  CHECK(pipeline::image_pixels(jpeg) == 12);
  CHECK(pipeline::image_pixels("not an image at all, really not") == 0);
}

TEST_CASE("shards are balanced by weight, keep groups together and ignore input order", "[remote][shard]") {
  std::vector<pipeline::ShardWork> work = {{"a", 100}, {"b", 60}, {"c", 50}, {"hero", 10}, {"hero", 5}, {"d", 5}};
  auto owner = pipeline::assign_shards(work, 2);
  uint64_t load[2] = {0, 0};
  for (size_t i = 0; i < work.size(); ++i) load[owner[i]] += work[i].weight;
  CHECK(load[0] == 115);  // a + hero(15): the heaviest first onto the least loaded
  CHECK(load[1] == 115);  // b + c + d
  CHECK(owner[3] == owner[4]);
  std::vector<pipeline::ShardWork> reversed(work.rbegin(), work.rend());
  auto owner2 = pipeline::assign_shards(reversed, 2);
  for (size_t i = 0; i < work.size(); ++i) CHECK(owner2[work.size() - 1 - i] == owner[i]);
}
