// seed_data.hpp: the deterministic data set a sandbox starts with.
#pragma once

#include <cstdint>
#include <vector>

#include "sandbox/server.hpp"
#include "shop_data.hpp"
#include "token_registry.hpp"

namespace sandbox {

struct SeededWorld {
  std::vector<ShopData> shops;  // every seller's shops in seller order, then the other seller's
  TokenRegistry tokens;         // with the sellers
};

// The sellers and their shops, without the shops' records (seed_shop_records makes those): ids,
// names, ciphers and codes from options.seed and each shop's number alone (std::mt19937_64), so
// that shop N is the same shop whatever the shop and seller counts.
SeededWorld seed_world(const SandboxOptions& options);

// Makes `shop`'s records, once (later calls do nothing): the same seed, shop number and counts
// give the same ids, names, amounts and times (relative to `now`, the sandbox's start). Create
// and update times spread over [now - data_window_seconds, now].
void seed_shop_records(const SandboxOptions& options, std::int64_t now, ShopData& shop);

}  // namespace sandbox
