#include "engine/authorization_callback.hpp"

#include <connector_abi/connector.hpp>

namespace host::engine {
namespace {

http::OutgoingResponse page(int status, std::string_view text) {
  http::OutgoingResponse response;
  response.status = status;
  response.headers.push_back({"Content-Type", "text/html; charset=utf-8"});
  response.headers.push_back({"Cache-Control", "no-store"});
  response.body = "<!doctype html><html><body><p>" + std::string(text) + "</p></body></html>";
  return response;
}

}  // namespace

AuthorizationCallback::AuthorizationCallback(const CallbackEndpoint& endpoint,
                                             const cnx_connector_api& api,
                                             const cnx_connection* connection)
    : path_(endpoint.path), api_(api), connection_(connection) {
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

http::OutgoingResponse AuthorizationCallback::handle(const http::IncomingRequest& request) {
  const auto question = request.target.find('?');
  const std::string path = request.target.substr(0, question);
  const std::string query =
      question == std::string::npos ? std::string() : request.target.substr(question + 1);
  if (request.method != "GET" || path != path_) return page(404, "Not found.");

  CallbackOutcome outcome;
  cnx_callback_result* raw = nullptr;
  cnx_error* error = nullptr;
  const cnx_status code = api_.parse_callback(connection_, cnx::to_cnx_str(query), &raw, &error);
  cnx::CallbackResultPtr result = cnx::adopt(raw, cnx::Releaser{&api_, nullptr});
  const cnx::Status status = cnx::Status::from_call(api_, code, error);
  if (!status.ok() || !result) {
    outcome.status = status.ok() ? CNX_STATUS_INTERNAL : status.code();
    outcome.message = status.to_string();
  } else {
    outcome.status = result->status;
    outcome.code = store::SecretString(std::string(cnx::to_view(result->code)));
    outcome.state = std::string(cnx::to_view(result->state));
    outcome.state_present = result->state.len > 0;
    outcome.error = std::string(cnx::to_view(result->error));
  }
  const bool refused = outcome.status == CNX_STATUS_REAUTHORIZE;
  const bool usable = outcome.status == CNX_STATUS_OK;
  {
    std::lock_guard lock(mutex_);
    if (outcome_) return page(409, "This authorization was already handled.");
    outcome_ = std::move(outcome);
  }
  arrived_.notify_all();
  if (refused) return page(200, "Authorization was refused. You can close this window.");
  if (!usable) return page(400, "The redirect could not be read. See the terminal.");
  return page(200,
              "Authorization received. You can close this window and return to the "
              "terminal.");
}

std::optional<CallbackOutcome> AuthorizationCallback::wait(std::chrono::seconds timeout) {
  std::unique_lock lock(mutex_);
  if (!arrived_.wait_for(lock, timeout, [this] { return outcome_.has_value(); })) {
    return std::nullopt;
  }
  return std::move(outcome_);
}

}  // namespace host::engine
