#include "engine/authorization/connection_check.hpp"

#include "engine/authorization/authorized_scopes.hpp"
#include "engine/connections/host_state.hpp"

namespace host::engine {

std::vector<store::ScopeRow> check_connection(const HostPaths& paths, const std::string& name) {
  return check_connection(paths, *open_session(paths, name));
}

std::vector<store::ScopeRow> check_connection(const HostPaths& paths, ConnectionSession& session) {
  const auto view = read_connection_schema_view(session.connector());
  std::vector<store::ScopeRow> scopes = fetch_session_scopes(session, view.scopes);
  HostState state(paths);
  const auto record = store::find_connection(state.db(), session.name());
  if (record) state.db().transaction([&] { store::write_scopes(state.db(), record->id, scopes); });
  return scopes;
}

}  // namespace host::engine
