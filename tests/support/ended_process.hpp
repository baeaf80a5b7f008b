// ended_process.hpp: the pid of a process that has ended (a child forked, exited and reaped), for
// tests of rows that name a holder that is gone.
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

namespace test_support {

// A pid no live process has (until the system reuses it, which a test's few seconds do not see).
inline pid_t pid_of_an_ended_process() {
  const pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  EXPECT_GT(child, 0) << "fork failed";
  int status = 0;
  EXPECT_EQ(::waitpid(child, &status, 0), child);
  return child;
}

}  // namespace test_support
