// A test hook for the crash test (tests/crash_test.cc): with KILN_CRASH_AT=N in the
// environment, the N-th crash point a run passes kills the process with SIGKILL, as `kill -9`
// or a cancelled CI job would (KILN_CRASH_SIGNAL=TERM: SIGTERM, as CI cancellation sends,
// through kiln's interrupt cleanup). Without the variable a crash point costs one atomic increment.
#pragma once

namespace kiln::fs {

void crash_point();

}  // namespace kiln::fs
