// store_saved_connection.hpp: a connection row as `connection save` leaves it, for tests that
// need one in their state database (leases, token lifecycles, the scheduler's pauses).
#pragma once

#include <cstdint>
#include <string>

#include "store/connection_store.hpp"

namespace host::testing {

// Saves connection `name` of connector `connector` under OAuth client `client_id`, with empty
// settings and a loopback redirect URI; returns its row id.
inline int64_t save_test_connection(store::Database& db, const store::SecretBox& box,
                                    const std::string& name, const std::string& connector,
                                    int64_t client_id) {
  store::ConnectionInput in;
  in.name = name;
  in.connector = connector;
  in.oauth_client_id = client_id;
  in.settings_json = "{}";
  in.redirect_uri = "http://127.0.0.1:1/cb";
  return store::save_connection(db, box, in);
}

}  // namespace host::testing
