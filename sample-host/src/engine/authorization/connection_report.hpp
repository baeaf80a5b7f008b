// connection_report.hpp: how connection commands print authorization state and accounts, the
// same way everywhere. Nothing printed here is a secret.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "store/token_store.hpp"

namespace host::engine {

// "2025-01-31 12:00:00 UTC".
std::string utc_text(int64_t unix_seconds);

// "2025-01-31 12:00:00 UTC (in 3 days)" / "(expired 2 hours ago)"; "unknown" for 0.
std::string describe_expiry(int64_t unix_seconds, int64_t now);

// One word for list output: "not-authorized", "authorized", "needs-reauthorization",
// "refresh-expiring".
std::string authorization_state(const std::optional<store::TokenSummary>& tokens, int64_t now);

// The authorization block of `connection show` and `authorize`: state, account, expiries and
// the flags that call for `connector-host authorize NAME`.
void print_authorization(std::ostream& out, const std::string& name,
                         const std::optional<store::TokenSummary>& tokens, int64_t now);

// One line per account: id, name, region and credential (an identifier such as a shop cipher,
// not a secret).
void print_scopes(std::ostream& out, const std::vector<store::ScopeRow>& scopes);

}  // namespace host::engine
