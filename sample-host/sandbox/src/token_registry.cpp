// token_registry.cpp: single-use codes, grants and token rotation.
#include "token_registry.hpp"

namespace sandbox {

TokenRegistry::TokenRegistry(Lifetimes lifetimes, std::vector<SellerAccount> sellers,
                             std::uint64_t seed)
    : lifetimes_(lifetimes), sellers_(std::move(sellers)), rng_(seed ^ 0x70CE5EEDULL) {}

std::string TokenRegistry::random_token(std::string_view prefix, size_t length) {
  // TikTok tokens are long opaque strings; these use the URL-safe alphabet plus the region prefix.
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out(prefix);
  for (size_t i = 0; i < length; ++i) out.push_back(kAlphabet[rng_() % 64]);
  return out;
}

std::string TokenRegistry::issue_code(std::int64_t now, std::optional<size_t> seller) {
  if (!seller) {
    seller = next_seller_;
    next_seller_ = (next_seller_ + 1) % sellers_.size();
  }
  if (*seller >= sellers_.size()) return {};
  std::string code = random_token("ROW_", 40);
  codes_[code] = CodeRecord{now + lifetimes_.code, false, *seller};
  return code;
}

void TokenRegistry::issue_tokens(size_t grant_index, std::int64_t now) {
  TokenGrant& g = grants_[grant_index];
  if (!g.refresh_token.empty()) refresh_tokens_.erase(g.refresh_token);
  g.access_token = random_token("ROW_", 64);
  g.refresh_token = random_token("ROW_", 64);
  g.access_expires_at = now + lifetimes_.access;
  g.refresh_expires_at = now + lifetimes_.refresh;
  access_tokens_[g.access_token] = AccessRecord{grant_index, g.access_expires_at};
  refresh_tokens_[g.refresh_token] = grant_index;
}

TokenOutcome TokenRegistry::exchange_code(const std::string& code, std::int64_t now) {
  auto it = codes_.find(code);
  if (it == codes_.end() || it->second.used || it->second.expires_at <= now)
    return {36004005, "can not find related auth record", nullptr};
  it->second.used = true;
  const SellerAccount& seller = sellers_[it->second.seller];
  TokenGrant grant;
  grant.open_id = seller.open_id;
  grant.shop_ids = seller.shop_ids;
  grant.seller = it->second.seller;
  grants_.push_back(std::move(grant));
  issue_tokens(grants_.size() - 1, now);
  return {0, "success", &grants_.back()};
}

TokenOutcome TokenRegistry::refresh(const std::string& refresh_token, std::int64_t now) {
  auto it = refresh_tokens_.find(refresh_token);
  if (it == refresh_tokens_.end()) return {36004005, "can not find related auth record", nullptr};
  const size_t index = it->second;
  if (grants_[index].refresh_expires_at <= now) return {36004001, "rt has expired", nullptr};
  issue_tokens(index, now);
  return {0, "success", &grants_[index]};
}

TokenRegistry::AccessState TokenRegistry::check_access(const std::string& token, std::int64_t now,
                                                       const TokenGrant** grant) const {
  auto it = access_tokens_.find(token);
  if (it == access_tokens_.end()) return AccessState::kUnknown;
  *grant = &grants_[it->second.grant];
  return it->second.expires_at <= now ? AccessState::kExpired : AccessState::kValid;
}

}  // namespace sandbox
