// command.hpp: how connector-host's commands are shaped and found.
//
// Each command lives in its own file under cli/ and is listed once in command_table.cpp.
#pragma once

#include <filesystem>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>

#include "engine/connections/host_paths.hpp"

namespace host::cli {

enum class LogFormat { kHuman, kJson };

// Options given before the command word; every command receives them.
// The paths are the engine's (--state DIR, --plugin-dir DIR, --manifest-dir DIR); a command hands
// them to the engine as they are.
struct GlobalOptions : engine::HostPaths {
  LogFormat log_format = LogFormat::kHuman;  // --log-format human|json
};

// Exit codes shared by every command.
inline constexpr int kExitOk = 0;      // the work succeeded
inline constexpr int kExitFailed = 1;  // the work failed
inline constexpr int kExitUsage = 2;   // bad usage or a bad manifest

// A command receives the arguments after its own word. It prints results to stdout, diagnostics
// to stderr, and returns an exit code. It may throw; main() reports the exception and returns 1.
using CommandFn = int (*)(const GlobalOptions& options, std::span<const std::string> args);

struct Command {
  std::string_view name;
  std::string_view usage;    // e.g. "describe CONNECTOR"
  std::string_view summary;  // one line for --help
  CommandFn run;
};

// For commands of the form `COMMAND VERB [NAME]` (oauth-client, connection): handles --help and
// checks that `verb` is "list" (no NAME) or one of `named_verbs` (exactly one NAME). Returns the
// exit code to stop with (usage printed), or -1 when the arguments are well formed.
int check_verb_arguments(std::span<const std::string> args, std::string_view usage,
                         std::initializer_list<std::string_view> named_verbs);

// Every command, in the order --help lists them. Defined in command_table.cpp.
std::span<const Command> commands();

}  // namespace host::cli
