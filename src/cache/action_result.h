// The action-cache value of Bazel's remote cache protocol: a build.bazel.remote.execution.v2
// ActionResult protobuf, reduced to what kiln stores (one output file per entry: its name
// and the sha256 digest of its bytes in the CAS). Written in the wire format by hand (a few
// varints and length-delimited fields) so bazel-remote, which checks that /ac/ values parse
// as an ActionResult, accepts kiln's entries, and no protobuf library is needed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kiln::cache {

struct OutputDigest {
  std::string path;    // "<namespace>/<key>": ties the result to the entry it was stored for
  std::string sha256;  // 64 lowercase hex digits
  uint64_t size = 0;
};

// ActionResult { repeated OutputFile output_files = 2; }
// OutputFile { string path = 1; Digest digest = 2; }   Digest { string hash = 1; int64 size_bytes = 2; }
std::string encode_action_result(const std::vector<OutputDigest>& outputs);
// Nothing when the bytes are not a well-formed ActionResult; fields kiln does not write
// (exit code, stdout, directories, ...) are skipped.
std::optional<std::vector<OutputDigest>> decode_action_result(std::string_view bytes);

}  // namespace kiln::cache
