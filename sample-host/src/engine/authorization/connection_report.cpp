#include "engine/authorization/connection_report.hpp"

#include <text_codec/secret_mask.hpp>
#include <text_codec/utc_time.hpp>

#include "engine/authorization/token_lifecycle.hpp"

namespace host::engine {
namespace {

std::string span_words(int64_t seconds) {
  if (seconds < 120) return std::to_string(seconds) + " seconds";
  if (seconds < int64_t{2} * 3600) return std::to_string(seconds / 60) + " minutes";
  if (seconds < int64_t{2} * 86400) return std::to_string(seconds / 3600) + " hours";
  return std::to_string(seconds / 86400) + " days";
}

}  // namespace

std::string utc_text(int64_t unix_seconds) {
  return textcodec::utc_text(unix_seconds, textcodec::UtcForm::kSeconds);
}

std::string describe_expiry(int64_t unix_seconds, int64_t now) {
  if (unix_seconds == 0) return "unknown";
  const int64_t left = unix_seconds - now;
  return utc_text(unix_seconds) + (left >= 0 ? " (in " + span_words(left) + ")"
                                             : " (expired " + span_words(-left) + " ago)");
}

std::string authorization_state(const std::optional<store::TokenSummary>& tokens, int64_t now) {
  if (!tokens) return "not-authorized";
  if (tokens->needs_reauthorization) return "needs-reauthorization";
  if (tokens->refresh_expires_at != 0 && tokens->refresh_expires_at <= now) {
    return "needs-reauthorization";
  }
  if (tokens->refresh_expires_at != 0 &&
      tokens->refresh_expires_at - now <= kRefreshWarningSeconds) {
    return "refresh-expiring";
  }
  return "authorized";
}

void print_authorization(std::ostream& out, const std::string& name,
                         const std::optional<store::TokenSummary>& tokens, int64_t now) {
  const std::string state = authorization_state(tokens, now);
  out << "authorization:       " << state << "\n";
  if (!tokens) {
    out << "  run `connector-host authorize " << name << "` to authorize a shop\n";
    return;
  }
  out << "  account:           " << tokens->account_name << " (" << tokens->account_id << ", "
      << tokens->account_region << ")\n"
      << "  access token:      " << textcodec::kSecretMask << " expires "
      << describe_expiry(tokens->access_expires_at, now) << "\n"
      << "  refresh token:     " << textcodec::kSecretMask << " expires "
      << describe_expiry(tokens->refresh_expires_at, now) << "\n"
      << "  granted scopes:    " << tokens->scopes_json << "\n"
      << "  token generation:  " << tokens->generation << "\n";
  if (state == "needs-reauthorization") {
    out << "  NEEDS RE-AUTHORIZATION"
        << (tokens->reauthorization_reason.empty() ? "" : ": " + tokens->reauthorization_reason)
        << "\n  re-authorize with `connector-host authorize " << name << "`\n";
  } else if (state == "refresh-expiring") {
    out << "  the refresh token expires soon: re-authorize with `connector-host authorize " << name
        << "` before it does\n";
  }
}

void print_scopes(std::ostream& out, const std::vector<store::ScopeRow>& scopes) {
  out << "shops (" << scopes.size() << "):\n";
  for (const auto& s : scopes) {
    out << "  id " << s.id << "  name \"" << s.name << "\"  region " << s.region << "  cipher "
        << s.credential << "\n";
  }
}

}  // namespace host::engine
