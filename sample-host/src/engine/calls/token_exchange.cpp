#include "engine/calls/token_exchange.hpp"

#include <chrono>
#include <thread>

namespace host::engine {
namespace {

constexpr int kMaxAttempts = 3;

bool worth_retrying(cnx_status status) {
  return status == CNX_STATUS_RETRY || status == CNX_STATUS_RATE_LIMITED;
}

const char* grant_word(cnx_token_grant grant) {
  return grant == CNX_GRANT_AUTHORIZATION_CODE ? "code exchange" : "token refresh";
}

}  // namespace

store::TokenSet exchange_tokens(const ConnectorTarget& target, http::Client& http,
                                cnx_token_grant grant, std::string_view credential) {
  std::string last_error;
  cnx_status last_status = CNX_STATUS_RETRY;
  for (int attempt = 1; attempt <= kMaxAttempts; ++attempt) {
    if (attempt > 1) std::this_thread::sleep_for(std::chrono::milliseconds(400 * attempt));
    TokenOutcome outcome = request_tokens(target, http, grant, credential);
    if (outcome.step == TokenStep::kDone) return std::move(outcome.tokens);
    if (outcome.step == TokenStep::kBuild) {
      throw TokenExchangeError(
          outcome.status.code(),
          std::string(grant_word(grant)) +
              ": the connector cannot build the request: " + outcome.status.to_string());
    }
    if (outcome.step == TokenStep::kSend) {
      last_error = std::string(grant_word(grant)) + " failed: " + outcome.status.message();
      // A refused plain-HTTP origin stays refused: no second attempt.
      if (outcome.transport == http::TransportError::kPlainHttpRefused) {
        last_status = CNX_STATUS_PERMANENT;
        break;
      }
      last_status = CNX_STATUS_RETRY;
      continue;
    }
    last_status = outcome.status.code();  // kParse: the connector's verdict on the response
    last_error = std::string(grant_word(grant)) + " refused: " + outcome.status.to_string();
    if (outcome.status.remote_code() != 0) {
      last_error += " (code " + std::to_string(outcome.status.remote_code()) + ")";
    }
    if (!worth_retrying(last_status)) break;
  }
  throw TokenExchangeError(last_status, last_error);
}

}  // namespace host::engine
