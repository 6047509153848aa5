// The configs `kiln deploy-config` (and `kiln build` with "deploy" in kiln.json) writes from a
// serve plan: an nginx server block, a Caddyfile, Netlify/Cloudflare `_headers`, and an
// object-storage upload plan as JSON or as `aws s3 cp` / `rclone copyto` command lines.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "deploy/serve_plan.h"

namespace kiln::deploy {

enum class Target { nginx, caddy, netlify, s3, aws, rclone };

// "nginx", "caddy", "netlify", "s3", "aws", "rclone".
Result<Target> parse_target(const std::string& name);
const char* target_name(Target t);
// The file name `kiln build` writes a target's config to ("nginx.conf", "Caddyfile", ...).
const char* default_file_name(Target t);

struct ServerOptions {
  std::string listen = "80";  // nginx `listen`; Caddy's site address ":80" or "http://HOST:PORT"
  std::string root;           // the folder's path as the server or the upload sees it
  std::string bucket;         // upload destination prefix ("s3://BUCKET", "remote:BUCKET")
};

std::string render(Target t, const ServePlan& plan, const ServerOptions& options);

std::string nginx_config(const ServePlan& plan, const ServerOptions& options);
std::string caddy_config(const ServePlan& plan, const ServerOptions& options);
std::string upload_json(const ServePlan& plan);
std::string upload_commands(const ServePlan& plan, const ServerOptions& options, Target tool);  // aws or rclone

// A string quoted for a config file with double quotes and backslash escapes (nginx, Caddy).
std::string double_quoted(const std::string& s);

}  // namespace kiln::deploy
