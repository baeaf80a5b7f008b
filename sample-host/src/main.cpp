// connector-host: loads connector plugins and runs connections, exports and imports through them.
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "cli/command.hpp"

namespace {

using host::cli::GlobalOptions;

std::filesystem::path default_state_dir() {
  if (const char* xdg = std::getenv("XDG_STATE_HOME"); xdg && *xdg)
    return std::filesystem::path(xdg) / "connector-host";
  if (const char* home = std::getenv("HOME"); home && *home)
    return std::filesystem::path(home) / ".local/state/connector-host";
  return std::filesystem::current_path() / ".connector-host";
}

void print_help(std::ostream& out) {
  out << "usage: connector-host [--state DIR] [--plugin-dir DIR] [--manifest-dir DIR]\n"
         "                      [--log-format human|json] COMMAND [ARGS...]\n\n"
         "commands:\n";
  for (const auto& c : host::cli::commands()) {
    // Usage and summary side by side when the usage is short; otherwise the summary goes below.
    constexpr size_t kColumn = 34;
    std::string usage(c.usage);
    if (usage.size() < kColumn) {
      usage.resize(kColumn, ' ');
      out << "  " << usage << " " << c.summary << "\n";
    } else {
      out << "  " << usage << "\n  " << std::string(kColumn, ' ') << " " << c.summary << "\n";
    }
  }
  out << "\n'connector-host COMMAND --help' describes a command.\n"
         "exit codes: 0 success, 1 the work failed, 2 bad usage or bad manifest\n";
}

}  // namespace

int main(int argc, char** argv) {
  GlobalOptions options;
  options.state_dir = default_state_dir();
  options.plugin_dir = CONNECTOR_HOST_DEFAULT_PLUGIN_DIR;
  options.manifest_dir = CONNECTOR_HOST_DEFAULT_MANIFEST_DIR;

  std::vector<std::string> args(argv + 1, argv + argc);
  size_t i = 0;
  auto value_of = [&](const std::string& flag) -> const std::string* {
    if (i + 1 >= args.size()) {
      std::cerr << "connector-host: " << flag << " needs a value\n";
      return nullptr;
    }
    return &args[++i];
  };
  for (; i < args.size() && args[i].starts_with("-"); ++i) {
    const std::string& a = args[i];
    const std::string* v = nullptr;
    if (a == "-h" || a == "--help") {
      print_help(std::cout);
      return host::cli::kExitOk;
    } else if (a == "--state") {
      if (!(v = value_of(a))) return host::cli::kExitUsage;
      options.state_dir = *v;
    } else if (a == "--plugin-dir") {
      if (!(v = value_of(a))) return host::cli::kExitUsage;
      options.plugin_dir = *v;
    } else if (a == "--manifest-dir") {
      if (!(v = value_of(a))) return host::cli::kExitUsage;
      options.manifest_dir = *v;
    } else if (a == "--log-format") {
      if (!(v = value_of(a))) return host::cli::kExitUsage;
      if (*v == "json") {
        options.log_format = host::cli::LogFormat::kJson;
      } else if (*v == "human") {
        options.log_format = host::cli::LogFormat::kHuman;
      } else {
        std::cerr << "connector-host: --log-format takes 'human' or 'json', not '" << *v << "'\n";
        return host::cli::kExitUsage;
      }
    } else {
      std::cerr << "connector-host: unknown option '" << a << "'\n";
      print_help(std::cerr);
      return host::cli::kExitUsage;
    }
  }
  if (i >= args.size()) {
    print_help(std::cerr);
    return host::cli::kExitUsage;
  }
  const std::string& name = args[i];
  for (const auto& c : host::cli::commands()) {
    if (c.name != name) continue;
    std::span<const std::string> rest(args.data() + i + 1, args.size() - i - 1);
    try {
      return c.run(options, rest);
    } catch (const std::exception& e) {
      std::cerr << "connector-host " << name << ": " << e.what() << "\n";
      return host::cli::kExitFailed;
    } catch (...) {
      std::cerr << "connector-host " << name << ": unknown failure\n";
      return host::cli::kExitFailed;
    }
  }
  std::cerr << "connector-host: unknown command '" << name << "'\n";
  print_help(std::cerr);
  return host::cli::kExitUsage;
}
