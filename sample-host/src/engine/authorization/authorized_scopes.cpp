#include "engine/authorization/authorized_scopes.hpp"

#include <simdjson.h>

#include "engine/calls/token_exchange.hpp"

namespace host::engine {
namespace {

// A record field as text: strings as they are, numbers in their JSON spelling.
std::string field_text(simdjson::dom::element record, std::string_view name) {
  simdjson::dom::element value;
  if (record[name].get(value) != simdjson::SUCCESS) return {};
  std::string_view text;
  if (value.get_string().get(text) == simdjson::SUCCESS) return std::string(text);
  if (value.is_number()) return simdjson::minify(value);
  return {};
}

}  // namespace

std::vector<store::ScopeRow> fetch_authorized_scopes(const cnx_connector_api& api,
                                                     const cnx_connection* connection,
                                                     http::Client& http,
                                                     std::string_view access_token,
                                                     const ScopesSpec& spec) {
  if (spec.endpoint.empty()) {
    throw ScopesCallError(CNX_STATUS_UNSUPPORTED,
                          "the connector declares no scopes endpoint to list accounts with");
  }
  const cnx::Releaser releaser{&api, nullptr};
  cnx_request request{};
  request.struct_size = sizeof request;
  request.endpoint = cnx::to_cnx_str(spec.endpoint);
  request.access_token = cnx::to_cnx_str(access_token);
  cnx_http_request* raw = nullptr;
  cnx_error* error = nullptr;
  const cnx_status code = api.sign_request(connection, &request, &raw, &error);
  cnx::HttpRequestPtr signed_request = cnx::adopt(raw, releaser);
  const cnx::Status sign_status = cnx::Status::from_call(api, code, error);
  if (!sign_status.ok()) {
    throw ScopesCallError(sign_status.code(),
                          "cannot sign the " + spec.endpoint + " call: " + sign_status.to_string());
  }
  const http::Response response = http.send(to_http_request(*signed_request, {}));
  if (!response.ok()) {
    throw ScopesCallError(CNX_STATUS_RETRY,
                          "the " + spec.endpoint + " call failed: " + response.error_message);
  }

  std::vector<cnx_kv> headers;
  for (const auto& h : response.headers) {
    headers.push_back({cnx::to_cnx_str(h.name), cnx::to_cnx_str(h.value)});
  }
  cnx_response view{};
  view.struct_size = sizeof view;
  view.endpoint = cnx::to_cnx_str(spec.endpoint);
  view.http_status = response.status;
  view.headers = headers.data();
  view.header_count = headers.size();
  view.body = cnx::to_cnx_str(response.body);
  cnx_classification* classification_raw = nullptr;
  error = nullptr;
  const cnx_status classify_code =
      api.classify_response(connection, &view, &classification_raw, &error);
  cnx::ClassificationPtr classification = cnx::adopt(classification_raw, releaser);
  const cnx::Status classify_status = cnx::Status::from_call(api, classify_code, error);
  if (!classify_status.ok() || !classification) {
    throw ScopesCallError(classify_status.code(), "cannot read the " + spec.endpoint +
                                                      " response: " + classify_status.to_string());
  }
  if (classification->verdict != CNX_STATUS_OK) {
    std::string message =
        "the " + spec.endpoint + " call was refused: " + cnx::status_name(classification->verdict);
    if (classification->remote_code != 0) {
      message += " (code " + std::to_string(classification->remote_code) + ")";
    }
    const auto remote_message = cnx::to_view(classification->message);
    if (!remote_message.empty()) message += ": " + std::string(remote_message);
    throw ScopesCallError(classification->verdict, message);
  }

  std::vector<store::ScopeRow> scopes;
  simdjson::dom::parser parser;
  for (size_t i = 0; i < classification->record_count; ++i) {
    const cnx_span span = classification->records[i].json;
    if (span.offset + span.len > response.body.size()) continue;
    simdjson::dom::element record;
    if (parser.parse(response.body.data() + span.offset, span.len).get(record) !=
        simdjson::SUCCESS) {
      continue;
    }
    scopes.push_back({field_text(record, spec.id_field), field_text(record, spec.name_field),
                      field_text(record, spec.region_field),
                      field_text(record, spec.credential_field)});
  }
  return scopes;
}

}  // namespace host::engine
