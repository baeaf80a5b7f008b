#include "engine/authorization/authorization_callback.hpp"

#include <openssl/crypto.h>

#include <connector_abi/connector.hpp>

#include "log/log_sink.hpp"

namespace host::engine {
namespace {

http::OutgoingResponse not_found() {
  http::OutgoingResponse response;
  response.status = 404;
  response.headers.push_back({"Content-Type", "text/plain; charset=utf-8"});
  response.body = "Not found.\n";
  return response;
}

}  // namespace

bool same_state(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

CallbackOutcome read_redirect(const ConnectorTarget& target, std::string_view query,
                              std::string* explanation) {
  CallbackOutcome outcome;
  cnx::CallbackResultPtr result;
  const cnx::Status status = call_for_output(
      target, result,
      [&](const cnx_connector_api& api, cnx_callback_result** out, cnx_error** error) {
        return api.parse_callback(target.connection, cnx::to_cnx_str(query), out, error);
      });
  if (!status.ok() || !result) {
    outcome.status = status.ok() ? CNX_STATUS_INTERNAL : status.code();
    *explanation = status.to_string();
    return outcome;
  }
  outcome.status = result->status;
  outcome.code = store::SecretString(std::string(cnx::to_view(result->code)));
  outcome.state = std::string(cnx::to_view(result->state));
  outcome.state_present = result->state.len > 0;
  outcome.error = std::string(cnx::to_view(result->error));
  if (outcome.status != CNX_STATUS_OK && outcome.status != CNX_STATUS_REAUTHORIZE) {
    *explanation = "the connector read it as neither a code nor a refusal";
  }
  return outcome;
}


AuthorizationCallback::AuthorizationCallback(const CallbackEndpoint& endpoint,
                                             ConnectorTarget target,
                                             CallbackExpectation expectation)
    : path_(endpoint.path), target_(std::move(target)), expectation_(std::move(expectation)) {
  http::ListenerOptions options;
  options.address = endpoint.address;
  options.port = endpoint.port;
  options.threads = 1;
  listener_ = std::make_unique<http::Listener>(
      options, [this](const http::IncomingRequest& request) { return handle(request); });
}

AuthorizationCallback::~AuthorizationCallback() {
  if (listener_) listener_->stop();
}

void AuthorizationCallback::count_ignored(CallbackVerdict verdict, const std::string& explanation) {
  std::string reason;
  int so_far = 0;
  {
    std::lock_guard lock(mutex_);
    if (verdict == CallbackVerdict::kMissingState) {
      so_far = ++ignored_.missing_state;
      reason = "without state";
    } else if (verdict == CallbackVerdict::kUnreadable) {
      so_far = ++ignored_.unreadable;
      ignored_.last_unreadable = explanation;
      reason = "that could not be read (no code)";
    } else {
      so_far = ++ignored_.wrong_state;
      reason = verdict == CallbackVerdict::kReusedState ? "reusing an answered attempt's state"
                                                        : "with a wrong state";
    }
  }
  log::warn("authorize", "ignored a redirect " + reason + " (" + std::to_string(so_far) +
                             " so far); it does not end the authorization in progress");
}

http::OutgoingResponse AuthorizationCallback::handle(const http::IncomingRequest& request) {
  const auto question = request.target.find('?');
  const std::string path = request.target.substr(0, question);
  const std::string query =
      question == std::string::npos ? std::string() : request.target.substr(question + 1);
  if (request.method != "GET" || path != path_) return not_found();

  std::string explanation;
  CallbackOutcome outcome = read_redirect(target_, query, &explanation);
  if (!explanation.empty()) {
    // Without a readable query there is no state to tie it to this attempt.
    count_ignored(CallbackVerdict::kUnreadable, explanation);
    return callback_page(CallbackVerdict::kUnreadable, explanation);
  }
  const bool ours = outcome.state_present ? same_state(outcome.state, expectation_.state)
                                          : expectation_.allow_missing_state;
  if (!ours) {
    const CallbackVerdict verdict =
        outcome.state_present ? CallbackVerdict::kWrongState : CallbackVerdict::kMissingState;
    count_ignored(verdict, {});
    return callback_page(verdict, {});
  }
  const CallbackVerdict verdict = outcome.status == CNX_STATUS_REAUTHORIZE
                                      ? CallbackVerdict::kRefusedByShop
                                      : CallbackVerdict::kReceived;
  const std::string error_word = outcome.error;
  bool reused = false;
  {
    std::lock_guard lock(mutex_);
    reused = answered_;
    if (!reused) {
      answered_ = true;
      outcome_ = std::move(outcome);
    }
  }
  if (reused) {  // a replay of this attempt's redirect (its code, if any, is wiped unused)
    count_ignored(CallbackVerdict::kReusedState, {});
    return callback_page(CallbackVerdict::kReusedState, {});
  }
  arrived_.notify_all();
  return callback_page(verdict, error_word);
}

std::optional<CallbackOutcome> AuthorizationCallback::wait(std::chrono::seconds timeout) {
  std::unique_lock lock(mutex_);
  if (!arrived_.wait_for(lock, timeout, [this] { return outcome_.has_value(); })) {
    return std::nullopt;
  }
  std::optional<CallbackOutcome> taken = std::move(outcome_);
  outcome_.reset();
  return taken;
}

IgnoredCallbacks AuthorizationCallback::ignored() {
  std::lock_guard lock(mutex_);
  return ignored_;
}

}  // namespace host::engine
