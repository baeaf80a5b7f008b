// background_process.hpp: a program a test runs beside itself (a server such as `connector-host
// serve`), its stdout and stderr in one log file, stopped by the test or at destruction.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace test_support {

class BackgroundProcess {
 public:
  BackgroundProcess() = default;
  // SIGKILLs and reaps the process if it still runs.
  ~BackgroundProcess();
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;

  // Spawns argv[0] with `argv` (stdout and stderr into `log`, truncated) and waits until the log
  // holds `ready` (e.g. "listening on"). False, with the log in `error`, when the program exits
  // first, cannot start, or `timeout` passes.
  bool start(const std::vector<std::string>& argv, const std::filesystem::path& log,
             const std::string& ready, std::chrono::seconds timeout, std::string* error);

  // SIGTERMs the process and returns its exit code (-1 unless it exited normally).
  int stop();

  // SIGKILLs and reaps it (no chance to finish anything); nothing when it does not run.
  void kill();

  // Sends signal `number` (SIGSTOP, SIGCONT, ...) to it.
  void signal(int number);

  const std::filesystem::path& log() const { return log_; }
  pid_t pid() const { return pid_; }  // -1 when it does not run

 private:
  pid_t pid_ = -1;
  std::filesystem::path log_;
};

}  // namespace test_support
