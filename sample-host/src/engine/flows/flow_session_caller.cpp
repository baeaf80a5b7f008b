#include "engine/flows/flow_session_caller.hpp"

#include <algorithm>
#include <thread>

#include <connector_abi/connector.hpp>

namespace host::engine {
namespace {

std::vector<cnx_kv> to_kvs(const KeyValues& pairs) {
  std::vector<cnx_kv> out;
  out.reserve(pairs.size());
  for (const auto& [k, v] : pairs) out.push_back({cnx::to_cnx_str(k), cnx::to_cnx_str(v)});
  return out;
}

CallResult failure(cnx_status verdict, std::string message) {
  CallResult r;
  r.verdict = verdict;
  r.message = std::move(message);
  return r;
}

}  // namespace

double endpoint_rate(const EndpointRateLimits& limits, const std::string& endpoint_id) {
  double rate = 0;
  if (limits.catalog != nullptr) {
    if (const EndpointSpec* spec = limits.catalog->find_endpoint(endpoint_id)) {
      rate = spec->rate_limit_per_second;
    }
  }
  if (limits.per_second > 0) rate = rate > 0 ? std::min(rate, limits.per_second) : limits.per_second;
  return rate;
}

SessionRemoteCaller::SessionRemoteCaller(ConnectionSession& session, EndpointRateLimits limits,
                                         RetryPolicy policy)
    : session_(session), limits_(std::move(limits)), policy_(policy) {}

cnx_status verdict_for_transport(http::TransportError error) {
  switch (error) {
    case http::TransportError::kBadUrl:    // the same URL parses no better next time
    case http::TransportError::kTooLarge:  // the same query brings the same oversized answer
    case http::TransportError::kPlainHttpRefused:  // the origin stays refused
      return CNX_STATUS_PERMANENT;
    default:
      return CNX_STATUS_RETRY;  // the network or the peer may do better on another attempt
  }
}

std::optional<std::string> oversized_request(const CallRequest& request) {
  if (request.body.size() <= kMaxRequestBodyBytes) return std::nullopt;
  return "the request body for " + request.endpoint + " is " +
         std::to_string(request.body.size()) + " bytes; the host sends at most " +
         std::to_string(kMaxRequestBodyBytes) + " (the remote side refuses larger ones)";
}

CallResult SessionRemoteCaller::call(const CallRequest& request) {
  // Refused before the first attempt: sending it again would fail the same way every time.
  if (auto why = oversized_request(request)) return failure(CNX_STATUS_INVALID_INPUT, *why);
  thread_local std::mt19937_64 rng{std::random_device{}()};
  AttemptHooks hooks;
  hooks.access_token = [this] { return session_.access_token(); };
  hooks.refresh_after_rejection = [this](const std::string& rejected) {
    return session_.refresh_after_rejection(rejected);
  };
  hooks.attempt = [&](const std::string& token) { return attempt(request, token); };
  hooks.sleep = [](std::chrono::milliseconds wait) { std::this_thread::sleep_for(wait); };
  return call_with_retries(policy_, hooks, rng);
}

CallResult SessionRemoteCaller::attempt(const CallRequest& request, const std::string& token) {
  const cnx_connector_api& api = session_.connector().api();
  const auto path_params = to_kvs(request.path_params);
  const auto query = to_kvs(request.query);
  cnx_request req{};
  req.struct_size = sizeof req;
  req.endpoint = cnx::to_cnx_str(request.endpoint);
  req.path_params = path_params.data();
  req.path_param_count = path_params.size();
  req.query = query.data();
  req.query_count = query.size();
  req.body = cnx::to_cnx_str(request.body);
  req.access_token = cnx::to_cnx_str(token);
  req.scope_credential = cnx::to_cnx_str(request.scope_credential);

  cnx_http_request* signed_raw = nullptr;
  cnx_error* error = nullptr;
  const cnx_status signed_status = api.sign_request(session_.connection(), &req, &signed_raw,
                                                    &error);
  cnx::HttpRequestPtr signed_req(signed_raw, cnx::Releaser{&api, nullptr});
  if (signed_status != CNX_STATUS_OK) {
    const auto status = cnx::Status::from_call(api, signed_status, error);
    return failure(status.code(), "cannot sign the request for " + request.endpoint + ": " +
                                      status.message());
  }
  http::Request http_req;
  http_req.method = std::string(cnx::to_view(signed_req->method));
  http_req.url = std::string(cnx::to_view(signed_req->url));
  for (size_t i = 0; i < signed_req->header_count; ++i) {
    http_req.headers.push_back({std::string(cnx::to_view(signed_req->headers[i].key)),
                                std::string(cnx::to_view(signed_req->headers[i].value))});
  }
  http_req.body = request.body;
  signed_req.reset();

  if (const double rate = endpoint_rate(limits_, request.endpoint);
      limits_.registry != nullptr && rate > 0) {
    limits_.registry->bucket(limits_.prefix + request.endpoint, rate)->acquire();
  }
  http::Response response = session_.http().send(http_req);
  if (!response.ok()) {
    return failure(verdict_for_transport(response.error),
                   "transport: " + response.error_message);
  }

  std::vector<cnx_kv> headers;
  headers.reserve(response.headers.size());
  for (const auto& h : response.headers) {
    headers.push_back({cnx::to_cnx_str(h.name), cnx::to_cnx_str(h.value)});
  }
  cnx_response resp{};
  resp.struct_size = sizeof resp;
  resp.endpoint = cnx::to_cnx_str(request.endpoint);
  resp.http_status = response.status;
  resp.headers = headers.data();
  resp.header_count = headers.size();
  resp.body = cnx::to_cnx_str(response.body);
  cnx_classification* raw = nullptr;
  error = nullptr;
  const cnx_status classified = api.classify_response(session_.connection(), &resp, &raw, &error);
  cnx::ClassificationPtr c(raw, cnx::Releaser{&api, nullptr});
  if (classified != CNX_STATUS_OK || !c) {
    const auto status = cnx::Status::from_call(api, classified, error);
    return failure(status.ok() ? CNX_STATUS_INTERNAL : status.code(),
                   "cannot classify the response of " + request.endpoint + ": " +
                       status.message());
  }
  CallResult r;
  r.verdict = c->verdict;
  r.remote_code = c->remote_code;
  r.message = std::string(cnx::to_view(c->message));
  r.request_id = std::string(cnx::to_view(c->request_id));
  r.retry_after_ms = c->retry_after_ms;
  r.http_status = response.status;
  r.next_page_token = std::string(cnx::to_view(c->next_page_token));
  r.total_count = c->total_count;
  r.item_errors_json = std::string(cnx::to_view(c->item_errors_json));
  r.records.reserve(c->record_count);
  const size_t body_size = response.body.size();
  for (size_t i = 0; i < c->record_count; ++i) {
    const cnx_record& rec = c->records[i];
    // Spans come from the plugin: check them before trusting them with our memory.
    if (rec.json.offset > body_size || rec.json.len > body_size - rec.json.offset ||
        rec.key.offset > body_size || rec.key.len > body_size - rec.key.offset) {
      return failure(CNX_STATUS_INTERNAL, "the connector returned a record span outside the "
                                          "response body of " + request.endpoint);
    }
    r.records.push_back({rec.json.offset, rec.json.len, rec.key.offset, rec.key.len});
  }
  c.reset();
  r.body = std::move(response.body);
  return r;
}

}  // namespace host::engine
