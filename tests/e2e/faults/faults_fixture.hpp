// faults_fixture.hpp: what the fault, crash and state-database tests share: a sandbox whose data
// is seeded at a fixed second (so two sandboxes hold byte-identical records), flow manifests,
// JSON Lines helpers, and connector-host started as a child process that a test can SIGKILL.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <ctime>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "connection_e2e_fixture.hpp"
#include "file_contents.hpp"

extern char** environ;

namespace faults_e2e {

// The text of member `name` (a string or a number) at its first occurrence in a minified line.
std::string field_of(const std::string& line, const std::string& name);

// The natural key of an exported record: its first "id" member.
inline std::string id_of(const std::string& line) { return field_of(line, "id"); }

// Natural key -> how many lines carry it.
std::map<std::string, int> count_by_id(const std::vector<std::string>& lines);

// How a child run ended.
struct ChildEnd {
  bool killed = false;  // we sent SIGKILL while it still ran
  int exit_code = -1;   // when it exited on its own
};

class FaultsE2eTest : public connection_e2e::ConnectionE2eTest {
 protected:
  void SetUp() override;

  // The sandbox clock: the fixed seeding second while `frozen_`, then real time + `offset_`.
  std::function<int64_t()> clock();

  // Starts a second sandbox with `options` (same seed and seeding second as sandbox_), for the
  // fault-free reference run. REQUIRES: start_sandbox() ran first.
  void start_reference_sandbox(sandbox::SandboxOptions options);

  // Saves the OAuth client and connection `name` pointing at `server`, and authorizes it.
  void connect(const std::string& name, sandbox::SandboxServer& server);

  // A flow manifest for connection `connection` and the first shop.
  std::filesystem::path flow(const std::string& connection, const std::string& file,
                             const std::string& body);
  std::filesystem::path export_flow(const std::string& connection, const std::string& name,
                                    const std::string& resource, const std::string& output,
                                    const std::string& extra = "");
  std::filesystem::path import_flow(const std::string& connection, const std::string& name,
                                    const std::string& resource, const std::string& endpoint,
                                    const std::string& input, const std::string& extra = "");

  // connector-host run FLOW as a child process (output to `log`); returns its pid.
  pid_t spawn_run(const std::filesystem::path& flow, const std::filesystem::path& log,
                  const std::vector<std::string>& extra = {});
  // Waits up to `kill_after` for the child, then SIGKILLs it if it still runs.
  static ChildEnd wait_or_kill(pid_t pid, std::chrono::milliseconds kill_after);

  std::string shop_;
  std::atomic<bool> frozen_{true};
  std::atomic<int64_t> offset_{0};
  int64_t seed_time_ = 0;
  std::unique_ptr<sandbox::SandboxServer> reference_;
};

}  // namespace faults_e2e
