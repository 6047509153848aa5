// libFuzzer target: the hash step end to end over an in-memory folder. The input is cut at
// "\n--\n" lines into index.html, app.js, style.css, a nested page and a web manifest (the
// files reference each other through whatever the fuzzer writes); the folder is analysed
// (parse, graph, source maps), the renames and rewrites planned, and, when the plan has no
// errors, applied. After that every file the plan names must exist under its new name.
#include "cache/content_cache.h"
#include "core/diagnostics.h"
#include "core/perf.h"
#include "fs/memory_disk.h"
#include "fuzz_input.h"
#include "hash/apply.h"
#include "hash/planner.h"
#include "pipeline/analysis.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace kiln;
  static const char* kNames[] = {"index.html", "app.js", "style.css", "sub/page.html", "site.webmanifest"};
  auto in = fuzz::parts(fuzz::text(data, size), std::size(kNames));
  fs::MemoryDisk disk;
  (void)disk.make_dirs("/d/sub");
  (void)disk.put("/d/img/logo.png", "not really a png");
  for (size_t i = 0; i < in.size(); ++i) disk.put(std::string("/d/") + kNames[i], std::string(in[i]));
  cache::ContentCache cache(disk, "");
  Diagnostics diags;
  Perf perf;
  pipeline::AnalysisOptions options;
  options.jobs = 1;
  options.measure = false;
  options.sourcemaps = true;
  auto a = pipeline::analyze(disk, "/d", options, cache, diags, perf);
  if (!a) return 0;
  hash::HashOptions ho;
  ho.sri_html = size % 2 == 1;
  hash::HashPlan plan = hash::plan_hash(disk, "/d", *a, ho, diags);
  if (diags.has_errors()) return 0;
  hash::ApplyStats stats;
  if (!hash::apply_plan(disk, "/d", plan, stats, diags, {})) return 0;
  for (const auto& f : plan.files)
    if (!disk.exists("/d/" + f.new_path)) __builtin_trap();  // the plan was not carried out
  return 0;
}
