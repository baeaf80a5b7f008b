#include "store/process_alive.hpp"

#include <signal.h>

#include <cerrno>

namespace host::store {

bool process_alive(int64_t pid) {
  return pid > 0 && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM);
}

}  // namespace host::store
