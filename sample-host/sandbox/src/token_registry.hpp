// token_registry.hpp: authorization codes and token grants of the sandbox's one app.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace sandbox {

// A seller who authorizes the app: who the token answer says it is, and the shops it owns.
struct SellerAccount {
  std::string open_id;
  std::string name;
  std::string base_region;
  std::vector<std::string> shop_ids;
};

// What one authorization produced. Refreshing replaces the tokens in place (rotation): the old
// refresh token stops working at once; the old access token lives until its own expiry.
struct TokenGrant {
  std::string access_token;
  std::string refresh_token;
  std::int64_t access_expires_at = 0;   // absolute unix seconds
  std::int64_t refresh_expires_at = 0;  // absolute unix seconds
  std::string open_id;
  std::vector<std::string> shop_ids;  // the shops this grant covers
  size_t seller = 0;                  // the seller who authorized (an index of sellers())
};

// The result of a token operation: code 0 and the grant, or a TikTok code and message.
struct TokenOutcome {
  std::int64_t code = 0;
  std::string message;
  const TokenGrant* grant = nullptr;
};

// Holds the sellers, their codes and grants. THREADING: not synchronized; the sandbox state's mutex
// guards it.
class TokenRegistry {
 public:
  struct Lifetimes {
    std::int64_t code = 1800;
    std::int64_t access = std::int64_t{7} * 24 * 3600;
    std::int64_t refresh = std::int64_t{365} * 24 * 3600;
  };

  // REQUIRES: at least one seller.
  TokenRegistry(Lifetimes lifetimes, std::vector<SellerAccount> sellers, std::uint64_t seed);

  // A new single-use code, valid for Lifetimes::code seconds from `now`, for `seller` or, when
  // none is named, for the next seller in turn. Empty when `seller` is out of range.
  std::string issue_code(std::int64_t now, std::optional<size_t> seller = std::nullopt);

  // Exchanges a code for a new grant: unknown, used or expired codes answer 36004005.
  TokenOutcome exchange_code(const std::string& code, std::int64_t now);

  // Rotates a grant's tokens: unknown or superseded refresh tokens answer 36004005, expired ones
  // 36004001.
  TokenOutcome refresh(const std::string& refresh_token, std::int64_t now);

  enum class AccessState { kValid, kUnknown, kExpired };
  // Classifies an access token; on kValid/kExpired *grant points at its grant.
  AccessState check_access(const std::string& token, std::int64_t now,
                           const TokenGrant** grant) const;

  const std::vector<SellerAccount>& sellers() const { return sellers_; }

 private:
  struct CodeRecord {
    std::int64_t expires_at = 0;
    bool used = false;
    size_t seller = 0;
  };
  struct AccessRecord {
    size_t grant = 0;
    std::int64_t expires_at = 0;
  };
  std::string random_token(std::string_view prefix, size_t length);
  void issue_tokens(size_t grant_index, std::int64_t now);

  Lifetimes lifetimes_;
  std::vector<SellerAccount> sellers_;
  size_t next_seller_ = 0;  // whom the next code without a named seller signs in
  std::mt19937_64 rng_;
  std::map<std::string, CodeRecord> codes_;
  std::vector<TokenGrant> grants_;
  std::map<std::string, AccessRecord> access_tokens_;  // every access token ever issued
  std::map<std::string, size_t> refresh_tokens_;       // current refresh token -> grant
};

}  // namespace sandbox
