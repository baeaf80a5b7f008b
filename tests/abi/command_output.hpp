// command_output.hpp: runs a shell command for a test and captures what it printed.
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace abi_test {

struct CommandOutput {
  std::string output;  // stdout and stderr, interleaved
  int exit_code = -1;  // -1 when the command could not run or did not exit normally
};

// Runs `command` through /bin/sh with stderr folded into stdout.
inline CommandOutput run_command(const std::string& command) {
  CommandOutput result;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 4096> chunk;
  size_t n = 0;
  while ((n = fread(chunk.data(), 1, chunk.size(), pipe)) > 0)
    result.output.append(chunk.data(), n);
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

}  // namespace abi_test
