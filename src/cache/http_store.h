// BlobStore over HTTP(S) with libcurl: the wire of Bazel's HTTP remote cache protocol, as
// served by bazel-remote, nginx with WebDAV, BuildBuddy, Buildbarn or an S3-backed proxy.
// TLS uses libcurl's default CA bundle, which Debian's libcurl points at the system store.
// Connections are kept alive: each worker borrows an easy handle from a pool, and a handle
// keeps its connection open for the next request.
#pragma once

#include <mutex>
#include <string>
#include <vector>

#include "cache/blob_store.h"

namespace kiln::cache {

struct HttpOptions {
  std::string url;          // base, e.g. https://cache.example:9090/kiln (a trailing / is fine)
  double timeout_s = 5;     // connect timeout, and the longest a transfer may stall
  std::string header;       // "Name: value" sent with every request (auth); never printed
};

class HttpStore final : public BlobStore {
 public:
  explicit HttpStore(HttpOptions options);
  ~HttpStore() override;
  HttpStore(const HttpStore&) = delete;
  HttpStore& operator=(const HttpStore&) = delete;

  BlobReply get(const std::string& path) override;
  BlobReply put(const std::string& path, std::string_view bytes) override;
  std::string describe() const override;

 private:
  void* acquire();
  void release(void* handle);
  BlobReply perform(void* handle, const std::string& path);

  HttpOptions options_;
  std::string base_;
  void* headers_ = nullptr;  // curl_slist*
  std::mutex mutex_;
  std::vector<void*> idle_;  // CURL* handles with their open connections
};

// The URL without "user:password@", for messages.
std::string redact_url(const std::string& url);

}  // namespace kiln::cache
