#include "cache/remote_cache.h"

#include <cstdlib>

#include "cache/action_result.h"
#include "cache/http_store.h"
#include "core/digest.h"

namespace kiln::cache {

namespace {
std::string ns_key_of(std::string_view ns, const std::string& key) { return std::string(ns) + "/" + key; }
}  // namespace

RemoteCache::RemoteCache(std::unique_ptr<BlobStore> store, bool upload, unsigned upload_threads)
    : store_(std::move(store)), upload_(upload), threads_wanted_(std::max(1u, upload_threads)) {}

RemoteCache::~RemoteCache() {
  finish();
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& t : threads_) t.join();
}

std::string RemoteCache::ac_path(std::string_view ns, const std::string& key) {
  // Versioned, so a change to how kiln lays out its action results never reads old ones.
  return "ac/" + sha256_hex("kiln-remote-1\n" + ns_key_of(ns, key));
}

void RemoteCache::note_problem(const BlobReply& reply, const std::string& what) {
  ++errors_;
  if (reply.status == BlobReply::Status::down) down_ = true;
  std::lock_guard lock(mutex_);
  if (problems_++ == 0) problem_ = what + ": " + reply.reason;
}

void RemoteCache::note_get_failure(const BlobReply& reply, const std::string& what) {
  if (++get_failures_ >= kMaxFailures) down_ = true;
  note_problem(reply, what);
}

void RemoteCache::note_put_failure(const BlobReply& reply, const std::string& what) {
  if (++put_failures_ >= kMaxFailures) uploads_stopped_ = true;
  note_problem(reply, what);
}

std::optional<std::string> RemoteCache::get(std::string_view ns, const std::string& key) {
  if (down_) {
    ++misses_;
    return std::nullopt;
  }
  std::string ns_key = ns_key_of(ns, key);
  auto miss = [&](const BlobReply* reply, const std::string& what) -> std::optional<std::string> {
    if (reply) note_get_failure(*reply, what);
    else get_failures_ = 0;  // a plain miss is a good answer
    ++misses_;
    return std::nullopt;
  };
  auto ac = store_->get(ac_path(ns, key));
  if (ac.status == BlobReply::Status::not_found) return miss(nullptr, "");
  if (ac.status != BlobReply::Status::ok) return miss(&ac, "GET action result");
  bytes_down_ += ac.body.size();
  auto outputs = decode_action_result(ac.body);
  if (!outputs || outputs->size() != 1 || (*outputs)[0].path != ns_key) {
    BlobReply bad{BlobReply::Status::failed, {}, "not an action result kiln wrote for this entry"};
    return miss(&bad, "GET action result");
  }
  const auto& want = (*outputs)[0];
  auto cas = store_->get("cas/" + want.sha256);
  // The action result can outlive its content (servers evict them separately): a plain miss.
  if (cas.status == BlobReply::Status::not_found) return miss(nullptr, "");
  if (cas.status != BlobReply::Status::ok) return miss(&cas, "GET content");
  bytes_down_ += cas.body.size();
  if (cas.body.size() != want.size || sha256_hex(cas.body) != want.sha256) {
    BlobReply bad{BlobReply::Status::failed, {},
                  "cas/" + want.sha256 + " does not match its digest (" + std::to_string(cas.body.size()) + " bytes, " +
                      std::to_string(want.size) + " expected)"};
    return miss(&bad, "GET content");
  }
  get_failures_ = 0;
  ++hits_;
  return std::move(cas.body);
}

void RemoteCache::put(std::string_view ns, const std::string& key, std::string_view bytes) {
  if (!upload_ || down_ || uploads_stopped_) return;
  std::unique_lock lock(mutex_);
  while (threads_.size() < threads_wanted_) threads_.emplace_back([this] { upload_loop(); });
  // Back-pressure: a burst of large results waits here instead of filling memory.
  drained_.wait(lock, [&] { return queued_bytes_ < kMaxQueued || queue_.empty(); });
  queued_bytes_ += bytes.size();
  queue_.push_back({ns_key_of(ns, key), std::string(bytes)});
  wake_.notify_one();
}

void RemoteCache::upload(const Job& job) {
  if (down_ || uploads_stopped_) return;
  std::string digest = sha256_hex(job.bytes);
  // Content first: a server that checks action results (bazel-remote) wants their blobs.
  auto cas = store_->put("cas/" + digest, job.bytes);
  if (cas.status != BlobReply::Status::ok) return note_put_failure(cas, "PUT content");
  size_t slash = job.ns_key.find('/');
  std::string ac = encode_action_result({{job.ns_key, digest, job.bytes.size()}});
  auto reply = store_->put(ac_path(std::string_view(job.ns_key).substr(0, slash), job.ns_key.substr(slash + 1)), ac);
  if (reply.status != BlobReply::Status::ok) return note_put_failure(reply, "PUT action result");
  put_failures_ = 0;
  bytes_up_ += job.bytes.size() + ac.size();
  ++uploads_;
}

void RemoteCache::upload_loop() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, nothing left
    Job job = std::move(queue_.front());
    queue_.pop_front();
    ++busy_;
    lock.unlock();
    upload(job);
    lock.lock();
    --busy_;
    queued_bytes_ -= job.bytes.size();
    drained_.notify_all();
  }
}

void RemoteCache::finish() {
  std::unique_lock lock(mutex_);
  drained_.wait(lock, [&] { return queue_.empty() && busy_ == 0; });
}

RemoteStats RemoteCache::stats() const {
  return {hits_, misses_, errors_, bytes_down_, bytes_up_, uploads_, down_, uploads_stopped_};
}

std::optional<std::string> RemoteCache::problem() const {
  std::lock_guard lock(mutex_);
  if (problems_ == 0) return std::nullopt;
  std::string text = problem_;
  if (problems_ > 1) text += " (and " + std::to_string(problems_ - 1) + " more)";
  if (down_)
    text += "; the remote cache was not used for the rest of the run";
  else if (uploads_stopped_)
    text += "; treated as cache misses, and nothing more was uploaded this run";
  else
    text += "; treated as cache misses";
  return text;
}

std::unique_ptr<RemoteCache> open_remote(const RemoteOptions& options) {
  if (options.url.empty()) return nullptr;
  HttpOptions http{options.url, options.timeout_s, {}};
  if (!options.header_env.empty())
    if (const char* h = std::getenv(options.header_env.c_str())) http.header = h;
  return std::make_unique<RemoteCache>(std::make_unique<HttpStore>(std::move(http)), options.upload);
}

}  // namespace kiln::cache
