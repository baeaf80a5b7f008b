// sandbox_flags.hpp: tiktok-shop-sandbox's flags, one table for parsing and help.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <sandbox/server.hpp>

#include "option_table.hpp"

namespace sandbox::cli {

// The program's name in messages and the help text.
inline constexpr std::string_view kProgram = "tiktok-shop-sandbox";

// Where the app secret was given on the command line, if it was (app_secret.hpp decides).
struct AppSecretFlags {
  std::string file;              // --app-secret-file
  bool on_command_line = false;  // --app-secret
};

// The help text above the flag list: what the program does and how its webhooks work.
extern const std::string_view kHelpPreamble;

// Every flag, each writing into `options` or `secret`. OWNERSHIP: the flags keep pointers to
// both, which must outlive them.
std::vector<Flag> sandbox_flags(SandboxOptions& options, AppSecretFlags& secret);

}  // namespace sandbox::cli
