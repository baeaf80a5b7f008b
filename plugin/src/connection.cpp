#include "connection.hpp"

#include <chrono>
#include <cstddef>

namespace tts {

Connection::Connection(const cnx_host_services* host, ConnectionConfig config,
                       std::unique_ptr<HmacSha256Key> key)
    : host_(host), config_(std::move(config)), app_secret_key_(std::move(key)) {}

Result<std::unique_ptr<Connection>> Connection::open(const cnx_host_services* host,
                                                     std::string_view config_json) {
  Result<ConnectionConfig> parsed = parse_connection_config(config_json);
  if (!parsed.ok()) return std::move(parsed.failure());
  std::unique_ptr<HmacSha256Key> key = HmacSha256Key::create(parsed.value().app_secret.view());
  if (key == nullptr) return fail(CNX_STATUS_INTERNAL, "OpenSSL could not set up HMAC-SHA256");
  return std::unique_ptr<Connection>(
      new Connection(host, std::move(parsed.value()), std::move(key)));
}

bool Connection::host_has(size_t field_offset) const {
  // The same test as CNX_HAS_FIELD (whose C cast would trip -Wold-style-cast here); every field
  // of cnx_host_services past struct_size is a pointer.
  return host_->struct_size >= field_offset + sizeof(void*);
}

std::string_view Connection::endpoint_version(const EndpointSpec& spec) const {
  return config_.endpoint_versions[endpoint_index(spec)];
}

int64_t Connection::now_unix_seconds() const {
  if (host_ != nullptr && host_has(offsetof(cnx_host_services, now_unix_ms)) &&
      host_->now_unix_ms != nullptr) {
    return host_->now_unix_ms(host_->context) / 1000;
  }
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void Connection::log(cnx_log_level level, std::string_view message) const {
  if (host_ != nullptr && host_has(offsetof(cnx_host_services, log)) && host_->log != nullptr) {
    host_->log(host_->context, level, message.data(), message.size());
  }
}

}  // namespace tts
