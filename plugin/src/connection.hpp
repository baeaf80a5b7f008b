// connection.hpp: an opened connection: validated config, keyed HMAC state, host services.
#pragma once

#include <connector_abi/connector_abi.h>

#include <cstdint>
#include <memory>
#include <string_view>

#include "catalog.hpp"
#include "connection_config.hpp"
#include "hmac_sha256.hpp"
#include "result.hpp"

namespace tts {

// Immutable after open(); every const member function is safe from many threads at once.
class Connection {
 public:
  // Validates `config_json` and keys the HMAC state with the app secret.
  // OWNERSHIP: `host` is borrowed and must outlive the connection (may be NULL).
  // ERRORS: INVALID_INPUT with field details; INTERNAL when OpenSSL cannot key the HMAC.
  static Result<std::unique_ptr<Connection>> open(const cnx_host_services* host,
                                                  std::string_view config_json);

  const ConnectionConfig& config() const { return config_; }
  // HMAC-SHA256 keyed with the app secret (request and webhook signatures).
  const HmacSha256Key& app_secret_key() const { return *app_secret_key_; }
  // The version this connection uses for a catalog endpoint.
  std::string_view endpoint_version(const EndpointSpec& spec) const;
  // The host clock (now_unix_ms / 1000) when the host gives one, else the system clock.
  int64_t now_unix_seconds() const;
  // Sends a line to the host's log sink, if any. Never pass a secret.
  void log(cnx_log_level level, std::string_view message) const;

 private:
  Connection(const cnx_host_services* host, ConnectionConfig config,
             std::unique_ptr<HmacSha256Key> key);

  // True when the host's struct is large enough to hold the field at `field_offset`.
  bool host_has(size_t field_offset) const;

  const cnx_host_services* host_;
  ConnectionConfig config_;
  std::unique_ptr<HmacSha256Key> app_secret_key_;
};

}  // namespace tts
