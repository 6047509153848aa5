#include "deploy/configs.h"

#include "manifest/headers_file.h"

namespace kiln::deploy {

namespace {

struct TargetInfo {
  Target target;
  const char* name;
  const char* file;
};
constexpr TargetInfo kTargets[] = {
    {Target::nginx, "nginx", "nginx.conf"},       {Target::caddy, "caddy", "Caddyfile"},
    {Target::netlify, "netlify", "_headers"},     {Target::s3, "s3", "upload.json"},
    {Target::aws, "aws", "upload-aws.sh"},        {Target::rclone, "rclone", "upload-rclone.sh"},
};

}  // namespace

Result<Target> parse_target(const std::string& name) {
  for (const auto& t : kTargets)
    if (name == t.name) return t.target;
  return Error{"'" + name + "' is not a target: nginx, caddy, netlify, s3, aws or rclone"};
}

const char* target_name(Target t) {
  for (const auto& i : kTargets)
    if (i.target == t) return i.name;
  return "";
}

const char* default_file_name(Target t) {
  for (const auto& i : kTargets)
    if (i.target == t) return i.file;
  return "";
}

std::string double_quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string render(Target t, const ServePlan& plan, const ServerOptions& options) {
  switch (t) {
    case Target::nginx: return nginx_config(plan, options);
    case Target::caddy: return caddy_config(plan, options);
    case Target::netlify: {
      std::vector<manifest::HeaderInput> inputs;
      for (const auto& f : plan.files) inputs.push_back({f.path, f.immutable});
      return manifest::make_headers(std::move(inputs), plan.base).text;
    }
    case Target::s3: return upload_json(plan);
    case Target::aws:
    case Target::rclone: return upload_commands(plan, options, t);
  }
  return "";
}

}  // namespace kiln::deploy
