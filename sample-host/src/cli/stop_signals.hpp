// stop_signals.hpp: how a program that serves until it is told to stop (connector-host serve and
// listen, the sandbox) waits for SIGINT or SIGTERM. Like cli_option_table it knows nothing of the
// host, so that any program can link it (target cli_stop_signals).
#pragma once

#include <signal.h>

#include <string_view>

namespace host::cli {

// THREADING: construct it on the main thread before any other thread starts (threads inherit
// the mask it sets), so that only wait() receives the signals.
class StopSignals {
 public:
  // Blocks SIGINT and SIGTERM in the calling thread.
  StopSignals();

  // Waits for one of them; returns its name, "SIGINT" or "SIGTERM".
  std::string_view wait();

 private:
  sigset_t set_;
};

}  // namespace host::cli
