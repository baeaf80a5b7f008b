// sandbox_state.cpp: the shared state's clock, ids and shop lookup.
#include "sandbox_state.hpp"

#include <chrono>

#include "seed_data.hpp"

namespace sandbox {

SandboxState::SandboxState(SandboxOptions opts, std::vector<ShopData> seeded_shops,
                           TokenRegistry registry, std::int64_t seeded_at)
    : options(std::move(opts)),
      seed_time(seeded_at),
      authorize_behaviour(options.authorize),
      shops(std::move(seeded_shops)),
      tokens(std::move(registry)),
      id_rng(options.seed ^ 0x1DULL) {
  for (size_t i = 0; i < shops.size(); ++i) {
    shop_by_cipher_.emplace(shops[i].info.cipher, i);
    shop_by_id_.emplace(shops[i].info.id, i);
  }
}

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
  auto it = shop_by_cipher_.find(cipher);
  return it == shop_by_cipher_.end() ? nullptr : &with_records(shops[it->second]);
}

ShopData* SandboxState::shop_by_id(const std::string& id) {
  auto it = shop_by_id_.find(id);
  return it == shop_by_id_.end() ? nullptr : &shops[it->second];
}

ShopData& SandboxState::with_records(ShopData& shop) {
  seed_shop_records(options, seed_time, shop);
  return shop;
}

}  // namespace sandbox
