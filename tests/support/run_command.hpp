// run_command.hpp: runs a shell command for a test and captures what it printed.
#pragma once

#include <string>

namespace test_support {

struct CommandOutput {
  std::string output;  // stdout and stderr, interleaved
  int exit_code = -1;  // -1 when the command could not run or did not exit normally
};

// Runs `command` through /bin/sh with stderr folded into stdout.
CommandOutput run_command(const std::string& command);

}  // namespace test_support
