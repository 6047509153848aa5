// libFuzzer target: every JSON kiln reads from a user's folder: kiln.json (the build config
// and its budgets), budget files in each format kiln accepts (Lighthouse, size-limit,
// bundlesize/bundlewatch, as files and as package.json keys), web app manifests, import maps
// and the source graph's package.json/tsconfig reader. Each reads the input from an
// in-memory folder, so the discovery and error paths run as they do on disk.
#include <string>

#include "budget/config.h"
#include "core/json_reader.h"
#include "config/kiln_config.h"
#include "fs/memory_disk.h"
#include "fuzz_input.h"
#include "parse/manifest_scanner.h"
#include "source/project.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto src = kiln::fuzz::text(data, size);
  std::string text(src);
  (void)kiln::config::parse_config(text, "kiln.json");
  (void)kiln::parse_json_text(src, "tsconfig.json", true);
  std::string error;
  (void)kiln::source::parse_ordered_json(src, "package.json", true, error);
  kiln::parse::Extraction manifest, importmap;
  kiln::parse::extract_manifest(src, manifest);
  kiln::parse::extract_importmap(src, 7, importmap);
  for (const char* name : {"/site/budget.json", "/site/.size-limit.json", "/site/package.json", "/site/kiln.json"}) {
    kiln::fs::MemoryDisk disk;
    (void)disk.make_dirs("/site/dist");
    disk.put("/site/dist/index.html", "<script src=a.js></script>");
    disk.put("/site/dist/a.js", "1");
    disk.put(name, text);
    kiln::budget::BudgetOptions options;
    options.dir = "/site/dist";
    if (std::string(name) == "/site/budget.json") options.budgets = {name};
    if (std::string(name) == "/site/kiln.json") options.kiln_config = name;
    (void)kiln::budget::load_budgets(disk, options);
  }
  return 0;
}
