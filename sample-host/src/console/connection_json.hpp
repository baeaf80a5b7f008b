// connection_json.hpp: a stored connection as the API shows it (never a secret or a token).
#pragma once

#include <vector>

#include <json_writer/json_writer.hpp>

#include "engine/connections/host_state.hpp"
#include "store/token_store.hpp"

namespace host::console {

// {"name","connector","oauth_client","redirect_uri","state","state_detail","shops","alerts"} and,
// with `detail`, "settings", "secret_fields_set", "token_expires_at", "refresh_expires_at".
void write_connection(jsonw::Writer& w, engine::HostState& state,
                      const store::ConnectionRecord& record, bool detail);

// "shops": [{"shop_id","name","region","cipher"}...]
void write_shops(jsonw::Writer& w, const std::vector<store::ScopeRow>& scopes);

}  // namespace host::console
