// The upload plan for object storage (S3 and compatible, behind a CDN): one object per file
// and per sidecar, each with the headers the bucket must store and send back, since a bucket
// negotiates nothing. A sidecar (`app.js.br`) keeps its file's Content-Type, adds its
// Content-Encoding and shares its file's Cache-Control; choosing it by Accept-Encoding is the
// CDN's job (an edge rule that appends `.br`). `integrity` is the SRI hash of the file's
// decoded bytes, the same for a file and its sidecars, since browsers check decoded bytes.
#include <nlohmann/json.hpp>

#include "deploy/configs.h"

namespace kiln::deploy {

namespace {

struct Object {
  std::string file, key, type, encoding, cache, integrity;
};

std::vector<Object> objects(const ServePlan& plan) {
  std::string prefix = plan.base.size() > 1 ? plan.base.substr(1) : "";  // "/app/" -> "app/"
  std::vector<Object> out;
  for (const auto& f : plan.files) {
    out.push_back({f.path, prefix + f.path, f.content_type, "", cache_control(f.immutable), f.integrity});
    for (const auto& s : f.sidecars)
      out.push_back({s.path, prefix + s.path, f.content_type, s.encoding, cache_control(f.immutable), f.integrity});
  }
  return out;
}

std::string shell_quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

std::string upload_json(const ServePlan& plan) {
  nlohmann::ordered_json j;
  j["schema"] = "kiln.upload/1";
  j["base"] = plan.base;
  auto list = nlohmann::ordered_json::array();
  for (const auto& o : objects(plan)) {
    nlohmann::ordered_json e;
    e["key"] = o.key;
    e["file"] = o.file;
    e["contentType"] = o.type;
    if (!o.encoding.empty()) e["contentEncoding"] = o.encoding;
    e["cacheControl"] = o.cache;
    if (!o.integrity.empty()) e["integrity"] = o.integrity;
    list.push_back(std::move(e));
  }
  j["objects"] = std::move(list);
  return j.dump(2) + "\n";
}

std::string upload_commands(const ServePlan& plan, const ServerOptions& options, Target tool) {
  bool aws = tool == Target::aws;
  std::string bucket = options.bucket.empty() ? (aws ? "s3://BUCKET" : "remote:BUCKET") : options.bucket;
  if (!bucket.empty() && bucket.back() == '/') bucket.pop_back();
  std::string out = "#!/bin/sh\n# Upload of " + options.root + " by kiln deploy-config: one object per file and per\n"
                    "# sidecar, with its Content-Type, Content-Encoding and Cache-Control.\nset -e\n";
  for (const auto& o : objects(plan)) {
    std::string src = shell_quoted(options.root + "/" + o.file), dst = shell_quoted(bucket + "/" + o.key);
    if (aws) {
      out += "aws s3 cp " + src + " " + dst + " --content-type " + shell_quoted(o.type) + " --cache-control " +
             shell_quoted(o.cache);
      if (!o.encoding.empty()) out += " --content-encoding " + o.encoding;
    } else {
      out += "rclone copyto " + src + " " + dst + " --header-upload " + shell_quoted("Content-Type: " + o.type) +
             " --header-upload " + shell_quoted("Cache-Control: " + o.cache);
      if (!o.encoding.empty()) out += " --header-upload " + shell_quoted("Content-Encoding: " + o.encoding);
    }
    out += "\n";
  }
  return out;
}

}  // namespace kiln::deploy
