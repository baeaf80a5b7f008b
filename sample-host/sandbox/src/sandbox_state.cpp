// sandbox_state.cpp: the shared state's clock, ids and shop lookup.
#include "sandbox_state.hpp"

#include <chrono>

namespace sandbox {

SandboxState::SandboxState(SandboxOptions opts, std::vector<ShopData> seeded_shops,
                           TokenRegistry registry)
    : options(std::move(opts)),
      authorize_behaviour(options.authorize),
      shops(std::move(seeded_shops)),
      tokens(std::move(registry)),
      id_rng(options.seed ^ 0x1DULL) {}

std::int64_t SandboxState::now() const {
  if (options.clock) return options.clock();
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string SandboxState::new_id() {
  // 1730000000000000000 + up to 1e17: 19 digits, fits int64, like TikTok's ids.
  return std::to_string(1730000000000000000ULL + id_rng() % 100000000000000000ULL);
}

ShopData* SandboxState::shop_by_cipher(const std::string& cipher) {
  for (auto& shop : shops)
    if (shop.info.cipher == cipher) return &shop;
  return nullptr;
}

}  // namespace sandbox
