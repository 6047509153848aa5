// kiln's entry point: everything else is in the core library the tests link too.
#include "cli/cli.h"

int main(int argc, char** argv) { return kiln::cli::run(argc, argv); }
