// plugin_api_fixture.hpp: loads the built connector module with dlopen and opens connections
// through its C ABI, as a host would.
#pragma once

#include <connector_abi/connector_abi.h>

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tts::test {

// The module's function table (loaded once per process; the library is never unloaded).
const cnx_connector_api& api();
// The module's exported entry point, as found by dlsym.
cnx_connector_get_api_fn entry_point();

inline cnx_str s(std::string_view s) { return cnx_str{s.data(), s.size()}; }
inline std::string_view v(cnx_str s) { return std::string_view(s.data, s.len); }

// A config JSON with the given app key/secret (client id/secret equal), service id "svc-1".
std::string config_json(std::string_view app_key, std::string_view app_secret,
                        std::string_view extra_members = "");

// An open connection, closed on destruction. Fails the test when the config is rejected.
class OpenConnection {
 public:
  explicit OpenConnection(const std::string& config_json, const cnx_host_services* host = nullptr);
  ~OpenConnection();
  OpenConnection(const OpenConnection&) = delete;
  OpenConnection& operator=(const OpenConnection&) = delete;
  const cnx_connection* get() const { return connection_; }

 private:
  cnx_connection* connection_ = nullptr;
};

// A signed request copied out of the plugin's output.
struct Signed {
  cnx_status status = CNX_STATUS_INTERNAL;
  std::string error_message;
  std::string method;
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;

  std::string header(std::string_view name) const;
  bool has_header(std::string_view name) const;
  // The decoded value of a query parameter of `url` ("" when absent); `present` tells which.
  std::string query(std::string_view key, bool* present = nullptr) const;
};

// Calls sign_request and copies the result (or the error message).
Signed sign(const cnx_connection* connection, const cnx_request& request);

// A cnx_request with struct_size set and everything else empty.
cnx_request empty_request();

// Lowercase hex HMAC-SHA256(secret, secret + canonical + secret), computed independently of the
// plugin with OpenSSL's one-shot HMAC().
std::string expected_sign(std::string_view secret, std::string_view canonical);

}  // namespace tts::test
