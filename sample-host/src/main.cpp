// connector-host: loads connector plugins and runs connections, exports and imports through them.
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <iostream>
#include <string>
#include <system_error>
#include <vector>

#include "cli/command.hpp"
#include "log/log_sink.hpp"

namespace {

using host::cli::GlobalOptions;

std::filesystem::path default_state_dir() {
  if (const char* xdg = std::getenv("XDG_STATE_HOME"); xdg && *xdg)
    return std::filesystem::path(xdg) / "connector-host";
  if (const char* home = std::getenv("HOME"); home && *home)
    return std::filesystem::path(home) / ".local/state/connector-host";
  return std::filesystem::current_path() / ".connector-host";
}

// The folder of the running executable, links resolved, so that the defaults travel with it: a
// build tree and an installed prefix both hold bin/, plugins/ and manifests/connectors/. Falls back
// to argv[0]'s folder where /proc is not mounted.
std::filesystem::path executable_dir(const char* argv0) {
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) return exe.parent_path();
  return std::filesystem::absolute(argv0, ec).parent_path();
}

// The commands' usage lines and summaries, in --help's option layout.
std::string command_list() {
  std::vector<std::pair<std::string, std::string>> rows;
  for (const auto& c : host::cli::commands()) {
    rows.emplace_back("  " + std::string(c.usage), std::string(c.summary));
  }
  return "commands:\n" + host::cli::aligned_rows(rows);
}

// --state DIR or --state postgresql://...: a directory, or the PostgreSQL database several hosts
// share (which keeps no files: the master key then comes from CONNECTOR_HOST_MASTER_KEY).
host::cli::OptionSetter set_state(host::engine::HostPaths* target) {
  return [target](const std::string& value) {
    if (value.empty()) return std::string("takes a directory or a postgresql:// URI, not ''");
    const host::store::StateLocation state = host::store::StateLocation::parse(value);
    target->state_dir = state.dir;
    target->state_database = state.database_uri;
    return std::string();
  };
}

host::cli::OptionSetter set_log_format(host::cli::LogFormat* target) {
  return [target](const std::string& value) {
    if (value == "json") {
      *target = host::cli::LogFormat::kJson;
    } else if (value == "human") {
      *target = host::cli::LogFormat::kHuman;
    } else {
      return "takes 'human' or 'json', not '" + value + "'";
    }
    return std::string();
  };
}

host::cli::OptionTable global_table(GlobalOptions& options, std::string& command,
                                    std::vector<std::string>& command_args) {
  using host::cli::path_option;
  return {
      .command = "connector-host",
      .operands = {{.name = "COMMAND", .set = host::cli::set_text(&command)},
                   {.name = "ARGS",
                    .required = false,
                    .repeated = true,
                    .set = host::cli::append_text(&command_args)}},
      .options = {host::cli::value_option(
                      "--state", "DIR|URI",
                      "the state directory (default $XDG_STATE_HOME/connector-host, else "
                      "~/.local/state/connector-host), or a postgresql:// URI of a database "
                      "several hosts share (the master key then comes from "
                      "CONNECTOR_HOST_MASTER_KEY)",
                      set_state(&options)),
                  path_option("--plugin-dir", "DIR",
                              "where connector libraries are (default: plugins/ beside the bin/ "
                              "folder of connector-host)",
                              &options.plugin_dir),
                  path_option("--manifest-dir", "DIR",
                              "where connector manifests are (default: manifests/connectors/ "
                              "beside the bin/ folder of connector-host)",
                              &options.manifest_dir),
                  host::cli::value_option(
                      "--log-format", "human|json",
                      "the stderr log's lines: for people (default) or JSON, one object each",
                      set_log_format(&options.log_format))},
      .details = command_list() +
                 "\n'connector-host COMMAND --help' describes a command.\n"
                 "exit codes: 0 success, 1 the work failed, 2 bad usage or bad manifest",
      .options_end_at_first_operand = true};
}

}  // namespace

int main(int argc, char** argv) {
  GlobalOptions options;
  options.state_dir = default_state_dir();
  const std::filesystem::path prefix = executable_dir(argv[0]).parent_path();
  options.install_prefix = prefix;
  options.plugin_dir = prefix / "plugins";
  options.manifest_dir = prefix / "manifests" / "connectors";

  const std::vector<std::string> args(argv + 1, argv + argc);
  std::string name;
  std::vector<std::string> command_args;
  const host::cli::OptionTable table = global_table(options, name, command_args);
  if (args.empty()) {
    std::cerr << host::cli::help_text(table);
    return host::cli::kExitUsage;
  }
  if (const auto stop = host::cli::parse_command_line(table, args)) return *stop;
  host::log::configure(options.log_format == host::cli::LogFormat::kJson
                           ? host::log::Format::kJson
                           : host::log::Format::kHuman);
  for (const auto& c : host::cli::commands()) {
    if (c.name != name) continue;
    try {
      return c.run(options, command_args);
    } catch (const std::exception& e) {
      std::cerr << "connector-host " << name << ": " << e.what() << "\n";
      return host::cli::kExitFailed;
    } catch (...) {
      std::cerr << "connector-host " << name << ": unknown failure\n";
      return host::cli::kExitFailed;
    }
  }
  std::cerr << "connector-host: unknown command '" << name << "'\n" << command_list();
  return host::cli::kExitUsage;
}
