// app_secret.cpp: the app secret's sources, in order of precedence.
#include "app_secret.hpp"

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "engine/connections/secret_reference.hpp"

namespace sandbox::cli {

bool choose_app_secret(const AppSecretFlags& secret, SandboxOptions& options) {
  if (!secret.file.empty() && secret.on_command_line) {
    std::cerr << kProgram << ": give --app-secret-file or --app-secret, not both\n";
    return false;
  }
  if (!secret.file.empty()) {
    namespace engine = host::engine;
    std::string error;
    auto value =
        engine::resolve_secret_reference({engine::SecretReference::Kind::kFile, secret.file},
                                         std::filesystem::current_path(), &error);
    if (!value) {
      std::cerr << kProgram << ": --app-secret-file: " << error << "\n";
      return false;
    }
    options.app_secret = value->copy();
    return true;
  }
  if (secret.on_command_line) {
    std::cerr << kProgram
              << ": warning: --app-secret puts the app secret on the command line, where every "
                 "local user can read it (ps, /proc/PID/cmdline); use "
              << kAppSecretEnv << " or --app-secret-file instead\n";
    return true;
  }
  if (const char* env = std::getenv(kAppSecretEnv); env != nullptr && *env != '\0') {
    options.app_secret = env;
  }
  return true;
}

}  // namespace sandbox::cli
