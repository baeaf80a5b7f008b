// seed_data.hpp: the deterministic data set a sandbox starts with.
#pragma once

#include <cstdint>
#include <vector>

#include "sandbox/server.hpp"
#include "shop_data.hpp"
#include "token_registry.hpp"

namespace sandbox {

struct SeededWorld {
  std::vector<ShopData> shops;  // authorized shops first, then the other seller's shop
  TokenRegistry tokens;
};

// Builds every shop's records from options.seed with std::mt19937_64: the same seed and counts
// give the same ids, names, amounts and times (relative to `now`). Create/update times spread
// over [now - data_window_seconds, now].
SeededWorld seed_world(const SandboxOptions& options, std::int64_t now);

}  // namespace sandbox
