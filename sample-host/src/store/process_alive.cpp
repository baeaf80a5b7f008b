#include "store/process_alive.hpp"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

namespace host::store {

bool process_alive(int64_t pid) {
  return pid > 0 && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM);
}

const std::string& this_host() {
  static const std::string name = [] {
    if (const char* id = std::getenv(kMachineIdEnv); id != nullptr && *id != '\0') {
      return std::string(id);
    }
    char buffer[256] = {};
    if (::gethostname(buffer, sizeof buffer - 1) != 0 || buffer[0] == '\0') return std::string("?");
    return std::string(buffer);
  }();
  return name;
}

}  // namespace host::store
