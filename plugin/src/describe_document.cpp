#include "describe_document.hpp"

#include <connector_abi/connector_abi.h>

#include <json_writer/json_writer.hpp>
#include <text_codec/secret_mask.hpp>

#include "auth_hooks.hpp"
#include "catalog.hpp"
#include "connection_schema.hpp"
#include "field_help.hpp"
#include "record_schemas.hpp"

namespace tts {
namespace {

constexpr std::string_view kMasked = textcodec::kSecretMask;

constexpr std::string_view kSigningRule =
    "Every query parameter except sign and access_token (decoded values, empty ones dropped, "
    "each key at most once), sorted by key byte-wise and concatenated as {key}{value}; the "
    "request path prepended; the exact body bytes appended unless the media type is "
    "multipart/form-data (legacy /api/ paths: never); the whole wrapped in the app secret; sign = "
    "lowercase hex HMAC-SHA256 keyed with the app secret. app_key, timestamp (Unix seconds) and, "
    "on shop-scoped endpoints, shop_cipher are added before signing; whether an endpoint takes "
    "shop_cipher is its endpoints.*.scope (a URL request follows the catalog endpoint its method "
    "and path match; an unknown path keeps the caller's choice).";

std::string build_describe_document() {
  std::string out;
  jsonw::Writer w(out);
  w.begin_object();
  w.field("id", kConnectorId).field("name", "TikTok Shop").field("version", kConnectorVersion);
  w.key("abi").begin_object().field("major", CNX_ABI_MAJOR).field("minor", CNX_ABI_MINOR);
  w.end_object();
  w.key("connection_schema");
  write_connection_schema(w);
  // "How to retrieve" each field (DESCRIBE.md, issue 13).
  w.key("field_help");
  write_field_help(w);
  w.key("auth").begin_object().field("type", "authorization_code");
  w.field("redirect_registered_remotely", true).field("state", "optional").end_object();
  w.key("scopes").begin_object().field("endpoint", "shops.list");
  w.key("fields").begin_object().field("id", "id").field("name", "name");
  w.field("region", "region").field("credential", "cipher").end_object();
  w.end_object();
  // Where a host's listener takes deliveries unless told otherwise (DESCRIBE.md, issue 17).
  w.key("webhooks").begin_object().field("delivery_path", "/webhooks/tiktok").end_object();
  write_catalog_members(w);
  write_record_schemas(w);  // DESCRIBE.md "record_schemas" (issue 16)
  w.end_object();
  return out;
}

void write_token_call(jsonw::Writer& w, std::string_view name, const ConnectionConfig& config,
                      std::string_view path, std::string_view credential_param,
                      std::string_view grant_type) {
  w.key(name).begin_object().field("method", "GET");
  w.field("uri", config.auth_base_url + std::string(path));
  w.key("query").begin_object().field("app_key", config.app_key).field("app_secret", kMasked);
  w.field(credential_param, kMasked).field("grant_type", grant_type).end_object();
  w.field("signed", false).end_object();
}

}  // namespace

const std::string& describe_document() {
  static const std::string document = build_describe_document();
  return document;
}

std::string connection_describe_document(const Connection& connection) {
  const ConnectionConfig& config = connection.config();
  std::string out;
  jsonw::Writer w(out);
  w.begin_object().field("connector", kConnectorId).field("name", config.name);

  w.key("settings").begin_object();
  w.key("oauth_client").begin_object();
  w.field("service_region", config.region == ServiceRegion::kUs ? "us" : "non_us");
  w.field("client_id", config.client_id).field("client_secret", kMasked);
  w.field("service_id", config.service_id).end_object();
  w.field("app_key", config.app_key).field("app_secret", kMasked);
  w.field("api_base_url", config.api_base_url).field("auth_base_url", config.auth_base_url);
  w.field("authorize_url", config.authorize_url).field("sandbox", config.sandbox).end_object();

  w.key("http").begin_object().field("base_uri", config.api_base_url);
  w.key("authorize").begin_object().field("url", authorize_url(connection, ""));
  w.field("state_param", "state").field("redirect_registered_remotely", true).end_object();
  write_token_call(w, "token", config, "/api/v2/token/get", "auth_code", "authorized_code");
  write_token_call(w, "refresh", config, "/api/v2/token/refresh", "refresh_token", "refresh_token");
  w.key("access_token").begin_object().field("in", "header").field("name", "x-tts-access-token");
  w.key("legacy").begin_object().field("in", "query").field("name", "access_token").end_object();
  w.end_object();
  w.key("common_query").begin_array().value("app_key").value("timestamp").value("sign");
  w.value("shop_cipher").end_array();
  w.field("content_type", "application/json on every non-multipart request, GET included");
  w.field("signing", kSigningRule).end_object();

  w.key("endpoint_versions").begin_object();
  for (const EndpointSpec& spec : endpoints()) w.field(spec.id, connection.endpoint_version(spec));
  w.end_object();
  w.end_object();
  return out;
}

}  // namespace tts
