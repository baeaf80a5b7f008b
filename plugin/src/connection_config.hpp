// connection_open_config.hpp: the connection settings a person enters, parsed and validated.
//
// The shape (also published as connection_schema by describe):
//   {"name", "oauth_client": {"service_region": "us"|"non_us", "client_id", "client_secret",
//    "service_id"}, "app_key", "app_secret", "api_base_url"?, "auth_base_url"?, "authorize_url"?,
//    "endpoint_versions"?: {"<endpoint id>": "YYYYMM"}, "sandbox"?: bool}
// TikTok's gateway is HTTPS-only since 2026-06-17: an http:// API or auth origin is refused unless
// "sandbox": true says the connection targets a local sandbox.
// app_key/app_secret are the same TikTok values as client_id/client_secret (integrator.io's form
// asks for them twice); they must match.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "result.hpp"
#include "secret_string.hpp"

namespace tts {

enum class ServiceRegion { kUs, kNonUs };

inline constexpr std::string_view kDefaultApiBaseUrl = "https://open-api.tiktokglobalshop.com";
inline constexpr std::string_view kDefaultAuthBaseUrl = "https://auth.tiktok-shops.com";
inline constexpr std::string_view kDefaultAuthorizeUrlNonUs =
    "https://services.tiktokshop.com/open/authorize";
// Disputed between TikTok's guides (services.tiktokshops.us is the other candidate), hence the
// authorize_url override.
inline constexpr std::string_view kDefaultAuthorizeUrlUs =
    "https://services.us.tiktokshop.com/open/authorize";

// An immutable, validated config. Secrets are wiped when it is destroyed.
struct ConnectionConfig {
  std::string name;
  ServiceRegion region = ServiceRegion::kNonUs;
  std::string client_id;
  SecretString client_secret;
  std::string service_id;
  std::string app_key;
  SecretString app_secret;
  std::string api_base_url;   // an origin without a trailing slash
  std::string auth_base_url;  // an origin without a trailing slash
  std::string authorize_url;  // effective (override or region default)
  // Effective version per catalog endpoint, indexed like endpoints().
  std::vector<std::string> endpoint_versions;
  bool sandbox = false;  // targets a local sandbox: plain http:// origins are allowed
};

// Parses and validates `json`. ERRORS: CNX_STATUS_INVALID_INPUT with details_json listing every
// problem as {"field": "<JSON pointer>", "message"}; no message ever contains a value from the
// config. THREADING: pure. The parse buffers are wiped before returning.
Result<ConnectionConfig> parse_connection_config(std::string_view json);

}  // namespace tts
