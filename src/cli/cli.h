// kiln's command line: parses arguments, runs one command, returns the exit code.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace kiln::fs {
class Disk;
}

namespace kiln::cli {

enum ExitCode : int {
  kOk = 0,
  kRuleBroken = 1,   // a budget or rule is broken
  kBadUsage = 2,     // bad usage or config, missing input folder
  kInputFailed = 3,  // some inputs could not be processed; all other work done and reported
};

// For main(): real disk, real terminal.
int run(int argc, char** argv);
// For tests: arguments without the program name, output captured.
int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
// For tests that need an in-memory disk (unreadable files, failing writes).
int run(fs::Disk& disk, const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace kiln::cli
