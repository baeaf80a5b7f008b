#include "engine/calls/connector_call.hpp"

#include <chrono>
#include <vector>

#include <json_writer/json_writer.hpp>

namespace host::engine {
namespace {

std::vector<cnx_kv> to_kvs(const KeyValues* pairs) {
  std::vector<cnx_kv> out;
  if (pairs == nullptr) return out;
  out.reserve(pairs->size());
  for (const auto& [k, v] : *pairs) out.push_back({cnx::to_cnx_str(k), cnx::to_cnx_str(v)});
  return out;
}

// Copies a request the connector built into the HTTP client's shape; `body` stays borrowed.
http::Request adopt_request(const cnx_http_request& request, std::string_view body) {
  http::Request out;
  out.method = std::string(cnx::to_view(request.method));
  out.url = std::string(cnx::to_view(request.url));
  out.headers.reserve(request.header_count);
  for (size_t i = 0; i < request.header_count; ++i) {
    out.headers.push_back({std::string(cnx::to_view(request.headers[i].key)),
                           std::string(cnx::to_view(request.headers[i].value))});
  }
  out.body = body;
  return out;
}

store::TokenSet adopt_tokens(const cnx_token_set& t) {
  store::TokenSet out;
  out.access_token = store::SecretString(std::string(cnx::to_view(t.access_token)));
  out.access_expires_at = t.access_expires_at;
  out.refresh_token = store::SecretString(std::string(cnx::to_view(t.refresh_token)));
  out.refresh_expires_at = t.refresh_expires_at;
  out.account_id = std::string(cnx::to_view(t.account_id));
  out.account_name = std::string(cnx::to_view(t.account_name));
  out.account_region = std::string(cnx::to_view(t.account_region));
  out.scopes_json.clear();
  jsonw::Writer w(out.scopes_json);
  w.begin_array();
  for (size_t i = 0; i < t.scope_count && t.scopes != nullptr; ++i) {
    w.value(cnx::to_view(t.scopes[i]));
  }
  w.end_array();
  return out;
}

bool span_inside(cnx_span span, size_t body_size) {
  return span.offset <= body_size && span.len <= body_size - span.offset;
}

// Copies the classification into `result` (which already owns the response body). ERRORS: false
// when a record span lies outside the body: the spans come from the plugin and are checked before
// they are trusted with host memory.
bool adopt_classification(const cnx_classification& c, CallResult& result) {
  result.verdict = c.verdict;
  result.remote_code = c.remote_code;
  result.message = std::string(cnx::to_view(c.message));
  result.request_id = std::string(cnx::to_view(c.request_id));
  result.retry_after_ms = c.retry_after_ms;
  result.next_page_token = std::string(cnx::to_view(c.next_page_token));
  result.total_count = c.total_count;
  result.item_errors_json = std::string(cnx::to_view(c.item_errors_json));
  result.records.reserve(c.record_count);
  for (size_t i = 0; i < c.record_count; ++i) {
    const cnx_record& rec = c.records[i];
    if (!span_inside(rec.json, result.body.size()) || !span_inside(rec.key, result.body.size())) {
      return false;
    }
    result.records.push_back({rec.json.offset, rec.json.len, rec.key.offset, rec.key.len});
  }
  return true;
}

CallResult failure(cnx_status verdict, std::string message) {
  CallResult r;
  r.verdict = verdict;
  r.message = std::move(message);
  return r;
}

// Classifies the answer of one exchange (or its transport failure) through the connector.
CallResult classify_exchange(const ConnectorTarget& target, const CallParts& parts,
                             const std::string& endpoint, http::Response response) {
  if (!response.ok()) {
    return failure(verdict_for_transport(response.error), "transport: " + response.error_message);
  }

  std::vector<cnx_kv> headers;
  headers.reserve(response.headers.size());
  for (const auto& h : response.headers) {
    headers.push_back({cnx::to_cnx_str(h.name), cnx::to_cnx_str(h.value)});
  }
  cnx_response view{};
  view.struct_size = sizeof view;
  view.endpoint = cnx::to_cnx_str(parts.endpoint);
  view.http_status = response.status;
  view.headers = headers.data();
  view.header_count = headers.size();
  view.body = cnx::to_cnx_str(response.body);
  cnx::ClassificationPtr classification;
  const cnx::Status status = call_for_output(
      target, classification,
      [&](const cnx_connector_api& api, cnx_classification** out, cnx_error** error) {
        return api.classify_response(target.connection, &view, out, error);
      });
  if (!status.ok() || !classification) {
    return failure(status.ok() ? CNX_STATUS_INTERNAL : status.code(),
                   "cannot classify the response of " + endpoint + ": " + status.message());
  }
  CallResult result;
  result.http_status = response.status;
  result.body = std::move(response.body);
  if (!adopt_classification(*classification, result)) {
    return failure(CNX_STATUS_INTERNAL,
                   "the connector returned a record span outside the response body of " + endpoint);
  }
  return result;
}

}  // namespace

SignOutcome sign_call(const ConnectorTarget& target, const CallParts& parts) {
  const auto path_params = to_kvs(parts.path_params);
  const auto query = to_kvs(parts.query);
  cnx_request req{};
  req.struct_size = sizeof req;
  req.endpoint = cnx::to_cnx_str(parts.endpoint);
  req.path_params = path_params.data();
  req.path_param_count = path_params.size();
  req.method = cnx::to_cnx_str(parts.method);
  req.url = cnx::to_cnx_str(parts.url);
  req.query = query.data();
  req.query_count = query.size();
  req.body = cnx::to_cnx_str(parts.body);
  req.content_type = cnx::to_cnx_str(parts.content_type);
  req.access_token = cnx::to_cnx_str(parts.access_token);
  req.scope_credential = cnx::to_cnx_str(parts.scope_credential);
  req.timestamp = parts.timestamp;

  cnx::HttpRequestPtr signed_request;
  SignOutcome out;
  out.status =
      call_for_output(target, signed_request,
                      [&](const cnx_connector_api& api, cnx_http_request** raw, cnx_error** error) {
                        return api.sign_request(target.connection, &req, raw, error);
                      });
  if (out.status.ok() && !signed_request) {
    out.status = cnx::Status(CNX_STATUS_INTERNAL, "the connector returned no signed request");
  }
  if (out.status.ok()) out.request = adopt_request(*signed_request, parts.body);
  return out;
}

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

CallResult call_connector(const ConnectorTarget& target, http::Client& http, const CallParts& parts,
                          TokenBucket* pace) {
  const std::string endpoint(parts.endpoint);
  const SignOutcome signed_call = sign_call(target, parts);
  if (!signed_call.status.ok()) {
    return failure(signed_call.status.code(),
                   "cannot sign the request for " + endpoint + ": " + signed_call.status.message());
  }
  if (pace != nullptr) pace->acquire();
  const metrics::CallSeries& series =
      parts.series != nullptr
          ? *parts.series
          : metrics::host_metrics().call_series(target.connector->manifest().id, parts.endpoint);
  const auto sent = std::chrono::steady_clock::now();
  http::Response response = http.send(signed_call.request);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - sent).count();
  CallResult result = classify_exchange(target, parts, endpoint, std::move(response));
  series.count_request(result.verdict, seconds);
  return result;
}

TokenOutcome request_tokens(const ConnectorTarget& target, http::Client& http,
                            cnx_token_grant grant, std::string_view credential) {
  TokenOutcome out;
  cnx::HttpRequestPtr request;
  out.status = call_for_output(
      target, request, [&](const cnx_connector_api& api, cnx_http_request** raw, cnx_error** e) {
        return api.token_request(target.connection, grant, cnx::to_cnx_str(credential), raw, e);
      });
  if (out.status.ok() && !request) {
    out.status = cnx::Status(CNX_STATUS_INTERNAL, "the connector returned no token request");
  }
  if (!out.status.ok()) return out;

  // For token requests the connector builds the body; it stays owned by `request` while sent.
  const http::Response response = http.send(adopt_request(*request, cnx::to_view(request->body)));
  if (!response.ok()) {
    out.step = TokenStep::kSend;
    out.transport = response.error;
    out.status = cnx::Status(verdict_for_transport(response.error), response.error_message);
    return out;
  }

  cnx::TokenSetPtr tokens;
  out.step = TokenStep::kParse;
  out.status = call_for_output(
      target, tokens, [&](const cnx_connector_api& api, cnx_token_set** raw, cnx_error** e) {
        return api.parse_token_response(target.connection, response.status,
                                        cnx::to_cnx_str(response.body), raw, e);
      });
  if (!out.status.ok()) return out;
  if (!tokens) {
    out.status = cnx::Status(CNX_STATUS_INTERNAL, "the connector returned no token set");
    return out;
  }
  out.step = TokenStep::kDone;
  out.tokens = adopt_tokens(*tokens);
  return out;
}

}  // namespace host::engine
