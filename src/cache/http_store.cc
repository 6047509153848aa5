#include "cache/http_store.h"

#include <curl/curl.h>

#include <algorithm>
#include <cmath>

namespace kiln::cache {

namespace {

size_t on_body(char* data, size_t size, size_t n, void* user) {
  static_cast<std::string*>(user)->append(data, size * n);
  return size * n;
}

struct Upload {
  std::string_view bytes;
  size_t pos = 0;
};

size_t on_read(char* buffer, size_t size, size_t n, void* user) {
  auto* up = static_cast<Upload*>(user);
  size_t len = std::min(size * n, up->bytes.size() - up->pos);
  std::copy_n(up->bytes.data() + up->pos, len, buffer);
  up->pos += len;
  return len;
}

}  // namespace

std::string redact_url(const std::string& url) {
  size_t scheme = url.find("://");
  size_t start = scheme == std::string::npos ? 0 : scheme + 3;
  size_t end = url.find('/', start);
  size_t at = url.rfind('@', end == std::string::npos ? url.size() : end);
  if (at == std::string::npos || at < start) return url;
  return url.substr(0, start) + url.substr(at + 1);
}

HttpStore::HttpStore(HttpOptions options) : options_(std::move(options)) {
  // Thread-safe in libcurl >= 7.84 (Debian 12 has 7.88); called before any worker starts.
  curl_global_init(CURL_GLOBAL_DEFAULT);
  base_ = options_.url;
  while (!base_.empty() && base_.back() == '/') base_.pop_back();
  if (!options_.header.empty())
    headers_ = curl_slist_append(nullptr, options_.header.c_str());
  // Bodies are sent whole (no "Expect: 100-continue" round trip on each PUT).
  headers_ = curl_slist_append(static_cast<curl_slist*>(headers_), "Expect:");
}

HttpStore::~HttpStore() {
  for (void* h : idle_) curl_easy_cleanup(static_cast<CURL*>(h));
  curl_slist_free_all(static_cast<curl_slist*>(headers_));
}

std::string HttpStore::describe() const { return redact_url(options_.url); }

void* HttpStore::acquire() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      void* h = idle_.back();
      idle_.pop_back();
      return h;
    }
  }
  return curl_easy_init();
}

void HttpStore::release(void* handle) {
  std::lock_guard lock(mutex_);
  idle_.push_back(handle);
}

BlobReply HttpStore::perform(void* handle, const std::string& path) {
  auto* h = static_cast<CURL*>(handle);
  BlobReply reply;
  std::string url = base_ + "/" + path;
  auto ms = long(options_.timeout_s * 1000);
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);  // timeouts without SIGALRM, safe in threads
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, ms);
  // A slow answer is a stalled one: less than 1 byte/s for the timeout ends the transfer,
  // while a large blob on a live connection may take as long as it needs.
  curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, std::max(1L, long(std::ceil(options_.timeout_s))));
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, static_cast<curl_slist*>(headers_));
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &reply.body);
  CURLcode rc = curl_easy_perform(h);
  if (rc != CURLE_OK) {
    reply.status = BlobReply::Status::down;
    reply.reason = curl_easy_strerror(rc);
    return reply;
  }
  long code = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
  if (code >= 200 && code < 300) {
    reply.status = BlobReply::Status::ok;
  } else {
    reply.status = code == 404 ? BlobReply::Status::not_found : BlobReply::Status::failed;
    reply.reason = "HTTP " + std::to_string(code);
    reply.body.clear();
  }
  return reply;
}

BlobReply HttpStore::get(const std::string& path) {
  void* h = acquire();
  if (!h) return {BlobReply::Status::down, {}, "cannot start libcurl"};
  curl_easy_setopt(static_cast<CURL*>(h), CURLOPT_HTTPGET, 1L);
  auto reply = perform(h, path);
  release(h);
  return reply;
}

BlobReply HttpStore::put(const std::string& path, std::string_view bytes) {
  void* h = acquire();
  if (!h) return {BlobReply::Status::down, {}, "cannot start libcurl"};
  auto* c = static_cast<CURL*>(h);
  Upload up{bytes};
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_READFUNCTION, on_read);
  curl_easy_setopt(c, CURLOPT_READDATA, &up);
  curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, curl_off_t(bytes.size()));
  auto reply = perform(h, path);
  // Back to a plain GET handle for whoever borrows it next.
  curl_easy_setopt(c, CURLOPT_UPLOAD, 0L);
  curl_easy_setopt(c, CURLOPT_READDATA, nullptr);
  release(h);
  return reply;
}

}  // namespace kiln::cache
