#include "engine/authorization/token_lifecycle.hpp"

#include <algorithm>
#include <chrono>
#include <random>
#include <stdexcept>
#include <thread>

#include <text_codec/utc_time.hpp>

#include "engine/authorization/secret_random.hpp"
#include "engine/calls/token_exchange.hpp"
#include "log/log_sink.hpp"
#include "metrics/host_metrics.hpp"
#include "store/token_store.hpp"

namespace host::engine {
namespace {

// A lease outlives a slow refresh; a crashed holder's lease lapses after this.
constexpr int64_t kLeaseSeconds = 90;
constexpr auto kLeasePoll = std::chrono::milliseconds(200);

}  // namespace

int64_t access_refresh_margin(int64_t lifetime) {
  return std::clamp<int64_t>(lifetime / 4, 1, kAccessRefreshMarginSeconds);
}

TokenLifecycle::TokenLifecycle(std::unique_ptr<HostState> state, std::string connection_name,
                               int64_t connection_id, ConnectorTarget target, http::Client& http)
    : state_(std::move(state)),
      name_(std::move(connection_name)),
      connection_id_(connection_id),
      target_(std::move(target)),
      http_(http),
      clock_([] { return static_cast<int64_t>(std::time(nullptr)); }) {}

void TokenLifecycle::throw_reauthorize(const std::string& why) const {
  throw std::runtime_error("connection " + name_ + " needs authorizing again (" + why +
                           "): re-authorize with `connector-host authorize " + name_ + "`");
}

void TokenLifecycle::reload_locked() {
  std::optional<store::StoredTokens> stored;
  try {
    stored = store::read_tokens(state_->db(), state_->box(), connection_id_);
  } catch (const store::SecretDecryptError&) {
    throw std::runtime_error(wrong_master_key_message("connection " + name_));
  }
  if (!stored) {
    throw std::runtime_error("connection " + name_ +
                             " is not authorized yet: run "
                             "`connector-host authorize " +
                             name_ + "`");
  }
  if (stored->summary.needs_reauthorization)
    throw_reauthorize(stored->summary.reauthorization_reason);
  access_token_ = std::move(stored->tokens.access_token);
  access_expires_at_ = stored->summary.access_expires_at;
  refresh_margin_ = access_refresh_margin(access_expires_at_ - stored->summary.updated_at);
  refresh_expires_at_ = stored->summary.refresh_expires_at;
  generation_ = stored->summary.generation;
  loaded_ = true;
  warn_if_refresh_expiring_locked();
}

void TokenLifecycle::warn_if_refresh_expiring_locked() {
  const int64_t now = clock_();
  if (warned_ || refresh_expires_at_ == 0 || refresh_expires_at_ - now > kRefreshWarningSeconds) {
    return;
  }
  warned_ = true;
  log::warn("token", "connection " + name_ + ": the refresh token expires on " +
                         textcodec::utc_text(refresh_expires_at_, textcodec::UtcForm::kMinutes) +
                         "; re-authorize with `connector-host "
                         "authorize " +
                         name_ + "` before then");
}

void TokenLifecycle::refresh_locked(int64_t seen_generation) {
  const std::string owner = random_hex(12);
  for (;;) {
    const auto outcome = store::try_acquire_refresh_lease(
        state_->db(), connection_id_, seen_generation, owner, clock_(), kLeaseSeconds);
    if (outcome == store::LeaseOutcome::kNoTokens) {
      reload_locked();  // throws "not authorized"
      return;
    }
    if (outcome == store::LeaseOutcome::kRotated) {
      reload_locked();  // another process refreshed: use its tokens
      return;
    }
    if (outcome == store::LeaseOutcome::kAcquired) break;
    std::this_thread::sleep_for(kLeasePoll);  // kBusy: another process is refreshing
  }

  std::optional<store::StoredTokens> stored;
  try {
    stored = store::read_tokens(state_->db(), state_->box(), connection_id_);
  } catch (const store::SecretDecryptError&) {
    store::release_refresh_lease(state_->db(), connection_id_, owner);
    throw std::runtime_error(wrong_master_key_message("connection " + name_));
  }
  store::TokenSet fresh;
  try {
    log::info("token", "connection " + name_ + ": refreshing the access token");
    fresh = exchange_with_backoff_locked(stored->tokens.refresh_token.view());
  } catch (const TokenExchangeError& e) {
    const bool dead = e.status() == CNX_STATUS_REAUTHORIZE;
    metrics::host_metrics().count_refresh(dead ? metrics::RefreshOutcome::kReauthorize
                                               : metrics::RefreshOutcome::kFailed);
    if (dead) {
      store::mark_needs_reauthorization(state_->db(), connection_id_, e.what());
      throw_reauthorize(e.what());
    }
    store::release_refresh_lease(state_->db(), connection_id_, owner);
    throw std::runtime_error("connection " + name_ + ": " + e.what());
  }
  // A refresh response may omit account details; keep the ones from the authorization.
  if (fresh.account_id.empty()) fresh.account_id = stored->tokens.account_id;
  if (fresh.account_name.empty()) fresh.account_name = stored->tokens.account_name;
  if (fresh.account_region.empty()) fresh.account_region = stored->tokens.account_region;
  if (fresh.refresh_token.empty()) {
    fresh.refresh_token = std::move(stored->tokens.refresh_token);
    fresh.refresh_expires_at = stored->tokens.refresh_expires_at;
  }
  state_->db().transaction([&] {
    generation_ = store::write_tokens(state_->db(), state_->box(), connection_id_, fresh);
  });
  metrics::host_metrics().count_refresh(metrics::RefreshOutcome::kOk);
  access_token_ = std::move(fresh.access_token);
  access_expires_at_ = fresh.access_expires_at;
  refresh_margin_ = access_refresh_margin(access_expires_at_ - clock_());
  refresh_expires_at_ = fresh.refresh_expires_at;
  loaded_ = true;
  warned_ = false;
  warn_if_refresh_expiring_locked();
}

store::TokenSet TokenLifecycle::exchange_with_backoff_locked(std::string_view refresh_token) {
  std::mt19937_64 rng(std::random_device{}());
  for (int round = 1;; ++round) {
    try {
      return exchange_tokens(target_, http_, CNX_GRANT_REFRESH_TOKEN, refresh_token);
    } catch (const TokenExchangeError& e) {
      const bool transient =
          e.status() == CNX_STATUS_RETRY || e.status() == CNX_STATUS_RATE_LIMITED;
      if (!transient || round >= backoff_.max_attempts) throw;
      const auto delay = backoff_delay(backoff_, round, 0, rng);
      log::warn("token", "connection " + name_ + ": " + e.what() + "; trying again in " +
                             std::to_string(delay.count()) + " ms");
      if (wait_) {
        wait_(delay);
      } else {
        std::this_thread::sleep_for(delay);
      }
    }
  }
}

std::string TokenLifecycle::access_token() {
  std::lock_guard lock(mutex_);
  if (!loaded_) reload_locked();
  if (access_expires_at_ != 0 && access_expires_at_ - clock_() <= refresh_margin_) {
    refresh_locked(generation_);
  }
  return access_token_.copy();
}

std::string TokenLifecycle::refresh_after_rejection(const std::string& rejected) {
  std::lock_guard lock(mutex_);
  if (!loaded_) reload_locked();
  if (access_token_.view() != rejected) return access_token_.copy();
  // Another process may have rotated it already: the lease check compares generations.
  refresh_locked(generation_);
  return access_token_.copy();
}

}  // namespace host::engine
