// token_store.hpp: a connection's tokens (sealed), their expiries, the authorized scopes (shops)
// and the refresh lease that makes a token refresh single-flight across processes.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/connection_tables.hpp"

namespace host::store {

// The field names a connection's tokens are sealed under (associated data, with the owner).
inline constexpr const char* kAccessField = "access_token";
inline constexpr const char* kRefreshField = "refresh_token";

// What the token row says without decrypting anything (for list/show and for the lease).
struct TokenSummary {
  int64_t generation = 0;  // grows by one on every stored token set
  int64_t access_expires_at = 0;
  int64_t refresh_expires_at = 0;
  std::string account_id;
  std::string account_name;
  std::string account_region;
  std::string scopes_json;  // the granted permission scopes, a JSON array
  bool needs_reauthorization = false;
  std::string reauthorization_reason;
  int64_t updated_at = 0;
};

// A token set with plaintext tokens (wiped when destroyed).
struct TokenSet {
  SecretString access_token;
  int64_t access_expires_at = 0;
  SecretString refresh_token;
  int64_t refresh_expires_at = 0;
  std::string account_id;
  std::string account_name;
  std::string account_region;
  std::string scopes_json = "[]";
};

struct StoredTokens {
  TokenSummary summary;
  TokenSet tokens;
};

// An authorized account (shop) of a connection.
struct ScopeRow {
  std::string id;
  std::string name;
  std::string region;
  std::string credential;
};

std::optional<TokenSummary> read_token_summary(Database& db, int64_t connection_id);

// Reads and decrypts the tokens. nullopt: no tokens stored. ERRORS: throws
// SecretDecryptError when they do not decrypt; StoreError on database failures.
std::optional<StoredTokens> read_tokens(Database& db, const SecretBox& box, int64_t connection_id);

// Thrown when stored secrets do not decrypt with this master key (or were moved between rows).
class SecretDecryptError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Stores a new token set: generation + 1, the lease and the re-authorization flag cleared.
// REQUIRES: inside a transaction. Returns the new generation.
int64_t write_tokens(Database& db, const SecretBox& box, int64_t connection_id,
                     const TokenSet& tokens);

// Flags the connection as needing a person to authorize again (e.g. a dead refresh token) and
// releases the lease. Runs its own transaction.
void mark_needs_reauthorization(Database& db, int64_t connection_id, std::string_view reason);

enum class LeaseOutcome {
  kAcquired,  // the caller may refresh; it must write tokens or release the lease afterwards
  kRotated,   // the generation moved on: someone already refreshed; re-read the tokens
  kBusy,      // another holder's lease is live: wait and try again
  kNoTokens,  // nothing to refresh
};

// Takes the refresh lease for `connection_id` unless the token generation is no longer
// `seen_generation` or another live lease exists. Runs its own BEGIN IMMEDIATE transaction.
LeaseOutcome try_acquire_refresh_lease(Database& db, int64_t connection_id, int64_t seen_generation,
                                       std::string_view owner, int64_t now, int64_t lease_seconds);

// Releases the lease if `owner` still holds it. Runs its own transaction.
void release_refresh_lease(Database& db, int64_t connection_id, std::string_view owner);

// Replaces the connection's scopes. REQUIRES: inside a transaction.
void write_scopes(Database& db, int64_t connection_id, const std::vector<ScopeRow>& scopes);
std::vector<ScopeRow> read_scopes(Database& db, int64_t connection_id);

}  // namespace host::store
