// command.hpp: how connector-host's commands are shaped and found.
//
// Each command lives in its own file under cli/ and is listed once in command_table.cpp.
#pragma once

#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "cli/option_table.hpp"
#include "engine/connections/host_paths.hpp"

namespace host::cli {

enum class LogFormat { kHuman, kJson };

// Options given before the command word; every command receives them.
// The paths are the engine's (--state DIR, --plugin-dir DIR, --manifest-dir DIR); a command hands
// them to the engine as they are.
struct GlobalOptions : engine::HostPaths {
  LogFormat log_format = LogFormat::kHuman;  // --log-format human|json
  // The folder above the executable's bin/ (a build tree or an install prefix): where the
  // defaults that travel with the binary are (plugins/, manifests/, share/connector-host/web/).
  std::filesystem::path install_prefix;
};

// Exit codes shared by every command.
inline constexpr int kExitOk = 0;      // the work succeeded
inline constexpr int kExitFailed = 1;  // the work failed
inline constexpr int kExitUsage = 2;   // bad usage or a bad manifest

// A command receives the arguments after its own word (the log is configured already). It prints
// results to stdout, diagnostics to stderr, and returns an exit code. It may throw; main() reports
// the exception and returns 1.
using CommandFn = int (*)(const GlobalOptions& options, std::span<const std::string> args);

struct Command {
  std::string_view name;
  std::string_view usage;    // e.g. "describe CONNECTOR"
  std::string_view summary;  // one line for --help
  CommandFn run;
};

// Parses a command's arguments with its table: --help to stdout, usage errors to stderr. Returns
// the exit code to stop with (kExitOk after --help, kExitUsage after a usage error), or nullopt
// when every argument was taken and the command goes on.
std::optional<int> parse_command_line(const OptionTable& table, std::span<const std::string> args);

// The same for a command of the form `COMMAND VERB ...`; `*verb` is the index of the verb given.
std::optional<int> parse_command_line(const VerbTable& table, std::span<const std::string> args,
                                      size_t* verb);

// Every command, in the order --help lists them. Defined in command_table.cpp.
std::span<const Command> commands();

}  // namespace host::cli
