// sandbox_state.hpp: everything the handlers read and change, behind one mutex.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <unordered_map>
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

// A seller-level record with an id, a name and free-form JSON the caller sent (brands,
// manufacturers, responsible persons, global products).
struct SellerRecord {
  std::string id;
  std::string name;
  std::string status;
  std::string body_json;  // the create/edit body as received
  std::int64_t create_time = 0;
  std::int64_t update_time = 0;
};

// A file the sandbox serves at /__sandbox/documents/{id} (shipping labels, packing slips).
struct ServedDocument {
  std::string content_type;
  std::string bytes;
};

struct SandboxState {
  // `seeded_at`: the "now" the shops' records are made relative to (the start).
  SandboxState(SandboxOptions opts, std::vector<ShopData> seeded_shops, TokenRegistry registry,
               std::int64_t seeded_at);

  // Unix seconds from the options' clock (or the system clock).
  std::int64_t now() const;

  // A fresh 19-digit id for records created through the API. REQUIRES: mutex held.
  std::string new_id();

  // The shop whose cipher is `cipher`, with its records, or nullptr. REQUIRES: mutex held.
  ShopData* shop_by_cipher(const std::string& cipher);
  // The shop whose id is `id` (its records not necessarily made), or nullptr. REQUIRES: mutex.
  ShopData* shop_by_id(const std::string& id);
  // `shop`, its records made first if they were not. REQUIRES: mutex held.
  ShopData& with_records(ShopData& shop);

  const SandboxOptions options;
  const std::int64_t seed_time;
  std::atomic<AuthorizeBehaviour> authorize_behaviour;

  std::mutex mutex;  // guards everything below
  std::vector<ShopData> shops;
  TokenRegistry tokens;
  IdempotencyLedger ledger;
  std::mt19937_64 id_rng;
  // Seller-level data (no shop_cipher): custom brands, EU compliance parties, global products.
  std::vector<SellerRecord> custom_brands;
  std::vector<SellerRecord> manufacturers;
  std::vector<SellerRecord> responsible_persons;
  std::vector<SellerRecord> global_products;
  std::map<std::string, ServedDocument> documents;  // document id -> file

 private:
  std::unordered_map<std::string, size_t> shop_by_cipher_;  // cipher -> index into shops
  std::unordered_map<std::string, size_t> shop_by_id_;      // id -> index into shops
};

}  // namespace sandbox
