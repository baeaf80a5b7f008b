#include "webhook/delivery_handler.hpp"

#include <chrono>
#include <exception>
#include <vector>

#include <connector_abi/connector.hpp>
#include <text_codec/enum_names.hpp>

#include "log/log_sink.hpp"
#include "metrics/host_metrics.hpp"

namespace host::webhook {
namespace {

constexpr std::string_view kLogComponent = "webhook";

http::OutgoingResponse empty_response(int status) {
  http::OutgoingResponse response;
  response.status = status;
  return response;
}

std::string_view path_of(std::string_view target) { return target.substr(0, target.find('?')); }

metrics::DeliveryCount delivery_count(DeliveryOutcome outcome) {
  switch (outcome) {
    case DeliveryOutcome::kStored:
      return metrics::DeliveryCount::kAccepted;
    case DeliveryOutcome::kDuplicate:
      return metrics::DeliveryCount::kDuplicate;
    case DeliveryOutcome::kRejected:
    case DeliveryOutcome::kWrongPath:
    case DeliveryOutcome::kWrongMethod:
      return metrics::DeliveryCount::kRefused;
    case DeliveryOutcome::kVerifierFailed:
    case DeliveryOutcome::kStoreFailed:
      break;
  }
  return metrics::DeliveryCount::kFailed;
}

// Copies the plugin-owned event out, reading only the fields the plugin's struct holds.
VerifiedEvent copy_event(const cnx_webhook_event& e) {
  VerifiedEvent event;
  event.event_id = std::string(cnx::to_view(e.event_id));
  event.event_type = std::string(cnx::to_view(e.event_type));
  if (cnx::has_field(e, offsetof(cnx_webhook_event, account_id), sizeof e.account_id))
    event.account_id = std::string(cnx::to_view(e.account_id));
  if (cnx::has_field(e, offsetof(cnx_webhook_event, occurred_at), sizeof e.occurred_at))
    event.occurred_at = e.occurred_at;
  if (cnx::has_field(e, offsetof(cnx_webhook_event, effect), sizeof e.effect))
    event.effect = e.effect;
  return event;
}

}  // namespace

std::string_view outcome_name(DeliveryOutcome outcome) {
  using enum DeliveryOutcome;
  static constexpr textcodec::EnumName<DeliveryOutcome> kNames[] = {
      {kStored, "stored"},
      {kDuplicate, "duplicate"},
      {kRejected, "rejected"},
      {kWrongPath, "wrong path"},
      {kWrongMethod, "wrong method"},
      {kVerifierFailed, "verifier failed"},
      {kStoreFailed, "store failed"}};
  return textcodec::enum_name(kNames, outcome, "unknown");
}

DeliveryHandler::DeliveryHandler(DeliveryTarget target, InboxWriter& inbox)
    : target_(std::move(target)), inbox_(inbox) {}

int64_t DeliveryHandler::now() const {
  if (target_.now_unix_seconds) return target_.now_unix_seconds();
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

DeliveryResult DeliveryHandler::verify(const http::IncomingRequest& request) const {
  DeliveryResult result;
  std::vector<cnx_kv> headers;
  headers.reserve(request.headers.size());
  for (const http::Header& h : request.headers) {
    headers.push_back({cnx::to_cnx_str(h.name), cnx::to_cnx_str(h.value)});
  }
  const cnx_connector_api& api = *target_.api;
  cnx_webhook_event* raw_event = nullptr;
  cnx_error* error = nullptr;
  // The body goes to the connector exactly as it came off the wire: never re-parsed or re-encoded.
  const cnx_status code = api.verify_webhook(target_.connection, headers.data(), headers.size(),
                                             cnx::to_cnx_str(request.body), &raw_event, &error);
  const cnx::WebhookEventPtr event = cnx::adopt(raw_event, cnx::Releaser{&api, nullptr});
  const cnx::Status status = cnx::Status::from_call(api, code, error);
  if (status.ok() && event) {
    result.outcome = DeliveryOutcome::kStored;  // provisional: the caller stores it next
    result.event = copy_event(*event);
    return result;
  }
  result.reason = status.ok() ? "the connector returned no event" : status.message();
  if (status.code() == CNX_STATUS_INVALID_INPUT) {
    result.outcome = DeliveryOutcome::kRejected;
    result.response = empty_response(401);
  } else {
    result.outcome = DeliveryOutcome::kVerifierFailed;
    result.response = empty_response(500);
  }
  return result;
}

DeliveryResult DeliveryHandler::handle(const http::IncomingRequest& request) const {
  DeliveryResult result;
  try {
    if (path_of(request.target) != target_.path) {
      result.outcome = DeliveryOutcome::kWrongPath;
      result.response = empty_response(404);
      return result;
    }
    if (request.method != "POST") {
      result.outcome = DeliveryOutcome::kWrongMethod;
      result.response = empty_response(405);
      result.response.headers.push_back({"Allow", "POST"});
      return result;
    }
    result = verify(request);
    if (result.outcome != DeliveryOutcome::kStored) return result;
    try {
      const StoreOutcome stored =
          inbox_.store(target_.connection_name, result.event, request.body, now());
      result.outcome =
          stored == StoreOutcome::kStored ? DeliveryOutcome::kStored : DeliveryOutcome::kDuplicate;
      result.response = empty_response(200);
    } catch (const std::exception& e) {
      // Not acknowledged: the sender's retry brings the event back.
      result.outcome = DeliveryOutcome::kStoreFailed;
      result.reason = e.what();
      result.response = empty_response(503);
    }
  } catch (...) {
    result.outcome = DeliveryOutcome::kVerifierFailed;
    result.reason = "unexpected failure while handling the delivery";
    result.response = empty_response(500);
  }
  return result;
}

http::OutgoingResponse DeliveryHandler::operator()(const http::IncomingRequest& request) const {
  DeliveryResult result = handle(request);
  metrics::host_metrics().count_delivery(delivery_count(result.outcome));
  std::string line = request.method + " " + std::string(path_of(request.target)) + " from " +
                     (request.remote.empty() ? "?" : request.remote) + ": ";
  if (!result.event.event_id.empty()) {
    line += result.event.event_type + " id=" + result.event.event_id;
    if (!result.event.account_id.empty()) line += " shop=" + result.event.account_id;
    line += " ";
  }
  line += outcome_name(result.outcome);
  line += " (" + std::to_string(result.response.status) + ")";
  if (!result.reason.empty()) line += ": " + result.reason;
  const bool failed = result.outcome == DeliveryOutcome::kStoreFailed ||
                      result.outcome == DeliveryOutcome::kVerifierFailed;
  host::log::write(failed ? host::log::Level::kError : host::log::Level::kInfo, kLogComponent,
                   line);
  return std::move(result.response);
}

}  // namespace host::webhook
