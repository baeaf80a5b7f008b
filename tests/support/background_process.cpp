#include "background_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <thread>

#include "file_contents.hpp"

extern char** environ;

namespace test_support {

BackgroundProcess::~BackgroundProcess() { kill(); }

void BackgroundProcess::kill() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
}

void BackgroundProcess::signal(int number) {
  if (pid_ > 0) ::kill(pid_, number);
}

bool BackgroundProcess::start(const std::vector<std::string>& argv,
                              const std::filesystem::path& log, const std::string& ready,
                              std::chrono::seconds timeout, std::string* error) {
  log_ = log;
  std::vector<std::string> args = argv;
  std::vector<char*> pointers;
  pointers.reserve(args.size() + 1);
  for (auto& a : args) pointers.push_back(a.data());
  pointers.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  const int rc = posix_spawn(&pid_, pointers[0], &actions, nullptr, pointers.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    pid_ = -1;
    *error = "posix_spawn " + argv.front() + " failed";
    return false;
  }
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (file_bytes(log).find(ready) == std::string::npos) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      *error = argv.front() + " exited before printing \"" + ready + "\":\n" + file_bytes(log);
      return false;
    }
    if (std::chrono::steady_clock::now() > deadline) {
      *error = argv.front() + " did not print \"" + ready + "\" in time:\n" + file_bytes(log);
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

int BackgroundProcess::stop() {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace test_support
