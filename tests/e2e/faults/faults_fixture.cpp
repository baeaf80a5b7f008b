#include "faults_fixture.hpp"
#include "file_contents.hpp"

namespace faults_e2e {

std::string field_of(const std::string& line, const std::string& name) {
  const std::string quoted = "\"" + name + "\":";
  const auto pos = line.find(quoted);
  if (pos == std::string::npos) return {};
  size_t start = pos + quoted.size();
  if (start < line.size() && line[start] == '"') {
    ++start;
    return line.substr(start, line.find('"', start) - start);
  }
  const auto end = line.find_first_of(",}]", start);
  return line.substr(start, end - start);
}

std::map<std::string, int> count_by_id(const std::vector<std::string>& lines) {
  std::map<std::string, int> out;
  for (const auto& l : lines) ++out[id_of(l)];
  return out;
}

void FaultsE2eTest::SetUp() {
  ConnectionE2eTest::SetUp();
  // Two seconds in the past: every seeded record is then inside an export window ending "now".
  seed_time_ = static_cast<int64_t>(std::time(nullptr)) - 2;
  options_.clock = clock();
}

std::function<int64_t()> FaultsE2eTest::clock() {
  return [this] {
    if (frozen_.load()) return seed_time_;
    return static_cast<int64_t>(std::time(nullptr)) + offset_.load();
  };
}

void FaultsE2eTest::start_reference_sandbox(sandbox::SandboxOptions options) {
  // Seeding reads the clock once, at start: freeze it there so both data sets match.
  frozen_ = true;
  options.clock = clock();
  reference_ = std::make_unique<sandbox::SandboxServer>(options);
  std::string error;
  ASSERT_TRUE(reference_->start(&error)) << error;
  frozen_ = false;
}

void FaultsE2eTest::connect(const std::string& name, sandbox::SandboxServer& server) {
  std::string manifest = connection_json(name);
  const std::string from = sandbox_->base_url();
  const std::string to = server.base_url();
  for (size_t pos = manifest.find(from); pos != std::string::npos;
       pos = manifest.find(from, pos + to.size())) {
    manifest.replace(pos, from.size(), to);
  }
  ASSERT_EQ(host("oauth-client save " + client_manifest().string()).exit_code, 0) << all_output_;
  const auto path = write(name + "-connection.json", manifest);
  ASSERT_EQ(host("connection save " + path.string()).exit_code, 0) << all_output_;
  const auto out = host("authorize " + name + " --browser builtin --timeout 30");
  ASSERT_EQ(out.exit_code, 0) << out.output;
  shop_ = server.shops().front().id;
}

std::filesystem::path FaultsE2eTest::flow(const std::string& connection, const std::string& file,
                                          const std::string& body) {
  return write(file,
               R"({"connection":")" + connection + R"(","shop":")" + shop_ + "\"," + body + "}");
}

std::filesystem::path FaultsE2eTest::export_flow(const std::string& connection,
                                                 const std::string& name,
                                                 const std::string& resource,
                                                 const std::string& output,
                                                 const std::string& extra) {
  return flow(connection, name + ".flow.json",
              R"("name":")" + name + R"(","kind":"export","resource":")" + resource +
                  R"(","output":")" + (dir_ / output).string() + "\"" + extra);
}

std::filesystem::path FaultsE2eTest::import_flow(
    const std::string& connection, const std::string& name, const std::string& resource,
    const std::string& endpoint, const std::string& input, const std::string& extra) {
  return flow(connection, name + ".flow.json",
              R"("name":")" + name + R"(","kind":"import","resource":")" + resource +
                  R"(","endpoint":")" + endpoint + R"(","input":")" + (dir_ / input).string() +
                  "\"" + extra);
}

pid_t FaultsE2eTest::spawn_run(const std::filesystem::path& flow_path,
                               const std::filesystem::path& log,
                               const std::vector<std::string>& extra) {
  std::vector<std::string> args = {CONNECTOR_HOST_PATH,
                                   "--state",
                                   (dir_ / "state").string(),
                                   "--plugin-dir",
                                   CONNECTOR_PLUGIN_DIR,
                                   "--manifest-dir",
                                   MANIFEST_DIR,
                                   "run",
                                   flow_path.string()};
  args.insert(args.end(), extra.begin(), extra.end());
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(),
                                   O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) ADD_FAILURE() << "cannot start " << argv[0] << ": " << rc;
  return rc == 0 ? pid : -1;
}

ChildEnd FaultsE2eTest::wait_or_kill(pid_t pid, std::chrono::milliseconds kill_after) {
  ChildEnd end;
  if (pid <= 0) return end;
  const auto deadline = std::chrono::steady_clock::now() + kill_after;
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    if (::waitpid(pid, &status, WNOHANG) == pid) {
      end.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      return end;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  ::kill(pid, SIGKILL);
  ::waitpid(pid, &status, 0);
  // It may have finished between the last poll and the signal.
  if (WIFEXITED(status)) {
    end.exit_code = WEXITSTATUS(status);
  } else {
    end.killed = true;
  }
  return end;
}

}  // namespace faults_e2e
