#include "cli/stop_signals.hpp"

#include <pthread.h>

namespace host::cli {

StopSignals::StopSignals() : set_() {
  sigemptyset(&set_);
  sigaddset(&set_, SIGINT);
  sigaddset(&set_, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set_, nullptr);
}

std::string_view StopSignals::wait() {
  int signal_number = 0;
  sigwait(&set_, &signal_number);
  return signal_number == SIGINT ? "SIGINT" : "SIGTERM";
}

}  // namespace host::cli
