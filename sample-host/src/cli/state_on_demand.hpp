// state_on_demand.hpp: the host's state for a command of verbs, opened when a verb first asks for
// it, so that --help and usage errors create no state directory and open no database.
#pragma once

#include <optional>

#include "cli/command.hpp"
#include "engine/connections/host_state.hpp"

namespace host::cli {

// THREADING: one thread, as HostState.
class StateOnDemand {
 public:
  explicit StateOnDemand(const GlobalOptions& options) : options_(options) {}

  // Opens the state on the first call. ERRORS: as HostState's constructor.
  engine::HostState& operator()() { return state_ ? *state_ : state_.emplace(options_); }

 private:
  const GlobalOptions& options_;
  std::optional<engine::HostState> state_;
};

}  // namespace host::cli
