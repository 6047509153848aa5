// The transport under the remote cache: GET and PUT of one path ("cas/<sha256>",
// "ac/<sha256>") on a server. HttpStore speaks HTTP through libcurl; tests use an in-memory
// store. Implementations must be safe to call from many threads at once.
#pragma once

#include <string>
#include <string_view>

namespace kiln::cache {

struct BlobReply {
  enum class Status {
    ok,         // `body` holds the answer
    not_found,  // the server does not have it (HTTP 404): a plain miss
    failed,     // the server answered, but wrongly (5xx, 403, ...): a miss worth a warning
    down,       // no answer (refused, timed out, stalled): stop asking for this run
  };
  Status status = Status::failed;
  std::string body;
  std::string reason;  // for the warning; never carries the auth header
};

class BlobStore {
 public:
  virtual ~BlobStore() = default;
  virtual BlobReply get(const std::string& path) = 0;
  virtual BlobReply put(const std::string& path, std::string_view bytes) = 0;
  // The server, for messages: no user name or password.
  virtual std::string describe() const = 0;
};

}  // namespace kiln::cache
