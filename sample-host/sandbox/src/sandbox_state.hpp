// sandbox_state.hpp: everything the handlers read and change, behind one mutex.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <vector>

#include "api_types.hpp"
#include "sandbox/server.hpp"
#include "shop_data.hpp"
#include "token_registry.hpp"

namespace sandbox {

// Answers already given to writes that carried an idempotency_key, so a retry gets the same
// answer and the write is applied once.
struct IdempotencyLedger {
  std::map<std::string, ApiResponse> answers;  // app|shop|endpoint|key -> answer
};

struct SandboxState {
  SandboxState(SandboxOptions opts, std::vector<ShopData> seeded_shops, TokenRegistry registry);

  // Unix seconds from the options' clock (or the system clock).
  std::int64_t now() const;

  // A fresh 19-digit id for records created through the API. REQUIRES: mutex held.
  std::string new_id();

  // The shop whose cipher is `cipher`, or nullptr. REQUIRES: mutex held.
  ShopData* shop_by_cipher(const std::string& cipher);

  const SandboxOptions options;
  std::atomic<AuthorizeBehaviour> authorize_behaviour;

  std::mutex mutex;  // guards everything below
  std::vector<ShopData> shops;
  TokenRegistry tokens;
  IdempotencyLedger ledger;
  std::mt19937_64 id_rng;
};

}  // namespace sandbox
