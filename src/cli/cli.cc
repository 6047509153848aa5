#include "cli/cli.h"

#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/context.h"
#include "core/progress.h"
#include "fs/disk.h"

namespace kiln::cli {

namespace {

int run_with(fs::Disk& disk, const std::vector<std::string>& args, std::ostream& out,
             std::ostream& err, bool terminal) {
  CLI::App app{"kiln: one fast pass over a web build: sizes, budgets, dead code, images,\n"
               "precompression, hashed names and manifests.",
               "kiln"};
  app.set_version_flag("--version", std::string("kiln ") + KILN_VERSION);
  app.require_subcommand(1);
  app.fallthrough(false);
  app.footer(
      "Exit codes: 0 ok, 1 a budget or rule broken, 2 bad usage or config, 3 some inputs "
      "could not be processed (all other work still done).\nRun `kiln COMMAND --help` for a "
      "command's options.");

  Context ctx{disk, out, err, terminal, {}, {}, {}, {}, false};
  int exit_code = kOk;
  add_analyze_command(app, ctx, exit_code);
  add_budget_command(app, ctx, exit_code);
  add_build_command(app, ctx, exit_code);
  add_compress_command(app, ctx, exit_code);
  add_hash_command(app, ctx, exit_code);
  add_precache_command(app, ctx, exit_code);
  add_images_command(app, ctx, exit_code);
  add_graph_command(app, ctx, exit_code);
  add_split_command(app, ctx, exit_code);
  add_init_command(app, ctx, exit_code);
  add_deploy_config_command(app, ctx, exit_code);

  std::vector<std::string> reversed(args.rbegin(), args.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    out << app.help();  // CLI11 shows the selected subcommand's help
    return kOk;
  } catch (const CLI::CallForAllHelp&) {
    out << app.help("", CLI::AppFormatMode::All);
    return kOk;
  } catch (const CLI::CallForVersion& e) {
    out << e.what() << '\n';
    return kOk;
  } catch (const CLI::ParseError& e) {
    err << "kiln: error: " << e.what() << "\n(run `kiln --help` for usage)\n";
    return kBadUsage;
  }
  return exit_code;
}

}  // namespace

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  fs::RealDisk disk;
  return run_with(disk, args, out, err, false);
}

int run(fs::Disk& disk, const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  return run_with(disk, args, out, err, false);
}

int run(int argc, char** argv) {
  fs::install_interrupt_cleanup();
  std::vector<std::string> args(argv + 1, argv + argc);
  fs::RealDisk disk;
  return run_with(disk, args, std::cout, std::cerr, Progress::stderr_is_terminal());
}

}  // namespace kiln::cli
