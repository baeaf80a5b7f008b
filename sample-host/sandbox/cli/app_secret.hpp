// app_secret.hpp: where the sandbox's app secret comes from.
//
// From --app-secret-file, from the environment (SANDBOX_APP_SECRET) or, with a warning, from
// --app-secret: a command line is readable by every local user (ps, /proc/PID/cmdline), an
// environment only by the process's owner.
#pragma once

#include <sandbox/server.hpp>

#include "sandbox_flags.hpp"

namespace sandbox::cli {

// The environment variable the app secret is read from when no flag names it.
inline constexpr const char* kAppSecretEnv = "SANDBOX_APP_SECRET";

// Sets options.app_secret from the file, the command line or the environment (in that order of
// precedence; the default stays when none gives one). The file is read as the host reads a
// secret file (a bounded regular file, not on /proc or /sys; one trailing newline dropped).
// ERRORS: false after printing why to stderr (both flags given, an unreadable file).
bool choose_app_secret(const AppSecretFlags& secret, SandboxOptions& options);

}  // namespace sandbox::cli
