// kiln's second cache tier: a shared server speaking Bazel's HTTP remote cache protocol.
// An entry (namespace + key -> bytes) is stored as two objects: the bytes in the CAS under
// their sha256 (`cas/<sha256>`), and an action result under the sha256 of the namespace and
// key (`ac/<sha256>`) naming that digest. Every byte that comes back is checked against its
// digest and size before use; a wrong, truncated, slow or failed answer is a miss, reported
// once per run, never a failed build or bad output. A server that does not answer is left
// alone for the rest of the run at once; one that answers wrongly (HTTP 500, 401, ...)
// kMaxFailures times in a row is too (a single bad object or a passing hiccup is not), and
// one that refuses as many uploads in a row (a read-only token) is still read but no longer
// written to: each failed request costs a round trip, 100,000 of them on a large site. Uploads run on a small pool of threads
// so the build does not wait for the network; finish() waits for them before exit.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "cache/blob_store.h"

namespace kiln::cache {

// --remote-cache URL and friends, or kiln.json's cache.remote*.
struct RemoteOptions {
  std::string url;  // empty: no remote cache
  bool upload = true;
  double timeout_s = 5;
  std::string header_env = "KILN_REMOTE_CACHE_HEADER";  // names the variable holding "Name: value"
};

struct RemoteStats {
  uint64_t hits = 0, misses = 0, errors = 0;  // errors: answers that were wrong or absent
  uint64_t bytes_down = 0, bytes_up = 0, uploads = 0;
  bool down = false;            // stopped asking: no answer, or kMaxFailures bad ones in a row
  bool uploads_stopped = false;  // kMaxFailures refused uploads in a row; reads went on
};

class RemoteCache {
 public:
  RemoteCache(std::unique_ptr<BlobStore> store, bool upload, unsigned upload_threads = 4);
  ~RemoteCache();
  RemoteCache(const RemoteCache&) = delete;
  RemoteCache& operator=(const RemoteCache&) = delete;

  std::optional<std::string> get(std::string_view ns, const std::string& key);
  // Queues the entry for upload (nothing when uploads are off); returns at once unless more
  // than kMaxQueued bytes are waiting.
  void put(std::string_view ns, const std::string& key, std::string_view bytes);
  // Waits until every queued upload has been sent (or dropped because the server is down).
  void finish();

  RemoteStats stats() const;
  // One line for the run's single warning, or nothing when every answer was good.
  std::optional<std::string> problem() const;
  std::string describe() const { return store_->describe(); }

  static std::string ac_path(std::string_view ns, const std::string& key);
  // Bad answers in a row after which reads (GET) or uploads (PUT) stop for the run.
  static constexpr unsigned kMaxFailures = 5;

 private:
  struct Job {
    std::string ns_key;
    std::string bytes;
  };
  void upload_loop();
  void upload(const Job& job);
  void note_problem(const BlobReply& reply, const std::string& what);
  void note_get_failure(const BlobReply& reply, const std::string& what);
  void note_put_failure(const BlobReply& reply, const std::string& what);

  static constexpr uint64_t kMaxQueued = 64ull << 20;

  std::unique_ptr<BlobStore> store_;
  bool upload_;
  unsigned threads_wanted_;
  std::atomic<bool> down_{false}, uploads_stopped_{false};
  std::atomic<unsigned> get_failures_{0}, put_failures_{0};  // in a row
  std::atomic<uint64_t> hits_{0}, misses_{0}, errors_{0}, bytes_down_{0}, bytes_up_{0}, uploads_{0};

  mutable std::mutex mutex_;
  std::condition_variable wake_, drained_;
  std::deque<Job> queue_;
  uint64_t queued_bytes_ = 0;
  unsigned busy_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
  std::string problem_;  // the first one
  uint64_t problems_ = 0;
};

// The remote for these options, or nothing when no URL is set. The auth header comes from
// the environment variable options.header_env names.
std::unique_ptr<RemoteCache> open_remote(const RemoteOptions& options);

}  // namespace kiln::cache
