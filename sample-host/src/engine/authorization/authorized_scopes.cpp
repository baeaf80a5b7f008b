#include "engine/authorization/authorized_scopes.hpp"

#include <simdjson.h>

#include "engine/authorization/connection_session.hpp"

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

std::vector<store::ScopeRow> read_scope_rows(const CallResult& response, const ScopesSpec& spec) {
  std::vector<store::ScopeRow> scopes;
  simdjson::dom::parser parser;
  for (size_t i = 0; i < response.records.size(); ++i) {
    const std::string_view text = response.record(i);
    simdjson::dom::element record;
    if (parser.parse(text.data(), text.size()).get(record) != simdjson::SUCCESS) continue;
    scopes.push_back({field_text(record, spec.id_field), field_text(record, spec.name_field),
                      field_text(record, spec.region_field),
                      field_text(record, spec.credential_field)});
  }
  return scopes;
}

std::vector<store::ScopeRow> fetch_authorized_scopes(const ConnectorTarget& target,
                                                     http::Client& http,
                                                     std::string_view access_token,
                                                     const ScopesSpec& spec) {
  if (spec.endpoint.empty()) {
    throw ScopesCallError(CNX_STATUS_UNSUPPORTED,
                          "the connector declares no scopes endpoint to list accounts with");
  }
  CallParts parts;
  parts.endpoint = spec.endpoint;
  parts.access_token = access_token;
  const CallResult response = call_connector(target, http, parts);
  if (!response.ok()) {
    throw ScopesCallError(response.verdict,
                          "the " + spec.endpoint + " call failed: " + response.describe());
  }
  return read_scope_rows(response, spec);
}

std::vector<store::ScopeRow> fetch_session_scopes(ConnectionSession& session,
                                                  const ScopesSpec& spec) {
  std::string token = session.access_token();
  std::vector<store::ScopeRow> scopes;
  try {
    try {
      scopes = fetch_authorized_scopes(session.target(), session.http(), token, spec);
    } catch (const ScopesCallError& e) {
      if (e.status() != CNX_STATUS_REFRESH_TOKEN) throw;
      token = session.refresh_after_rejection(token);
      scopes = fetch_authorized_scopes(session.target(), session.http(), token, spec);
    }
  } catch (...) {
    store::wipe(token);
    throw;
  }
  store::wipe(token);
  return scopes;
}

}  // namespace host::engine
