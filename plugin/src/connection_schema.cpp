#include "connection_schema.hpp"

#include <json_writer/json_writer.hpp>

#include "catalog.hpp"
#include "connection_config.hpp"

namespace tts {
namespace {

void string_property(jsonw::Writer& w, std::string_view name, std::string_view title,
                     std::string_view description, bool secret = false) {
  w.key(name).begin_object().field("type", "string").field("title", title);
  // raw: GCC 12 raises a false -Wrestrict when a constant int goes through append_number.
  w.field("description", description).raw_field("minLength", "1");
  if (secret) w.field("x-secret", true);
  w.end_object();
}

void url_property(jsonw::Writer& w, std::string_view name, std::string_view title,
                  std::string_view description, std::string_view default_value) {
  w.key(name).begin_object().field("type", "string").field("format", "uri");
  w.field("title", title).field("description", description);
  if (!default_value.empty()) w.field("default", default_value);
  w.end_object();
}

}  // namespace

void write_connection_schema(jsonw::Writer& w) {
  w.begin_object();
  w.field("$schema", "https://json-schema.org/draft/2020-12/schema").field("type", "object");
  w.field("title", "TikTok Shop connection").field("additionalProperties", false);
  w.key("properties").begin_object();
  string_property(w, "name", "Name", "A name for this connection, unique within the host.");

  w.key("oauth_client").begin_object().field("type", "object");
  w.field("title", "OAuth 2.0 client").field("additionalProperties", false);
  w.field("description", "The TikTok Shop app as registered in Partner Center.");
  w.key("properties").begin_object();
  w.key("service_region").begin_object().field("type", "string").field("title", "Service region");
  w.key("enum").begin_array().value("us").value("non_us").end_array();
  w.field("description", "Where the shops are: \"us\" or \"non_us\" (selects the authorize page).");
  w.end_object();
  string_property(w, "client_id", "Client ID", "The app key.");
  string_property(w, "client_secret", "Client secret", "The app secret.", true);
  string_property(w, "service_id", "Service ID",
                  "The app's service ID from Partner Center (not the app key).");
  w.end_object();
  w.key("required").begin_array();
  w.value("service_region").value("client_id").value("client_secret").value("service_id");
  w.end_array().end_object();

  string_property(w, "app_key", "App key",
                  "The TikTok app key; must equal oauth_client.client_id.");
  string_property(w, "app_secret", "App secret",
                  "The TikTok app secret; must equal oauth_client.client_secret.", true);
  url_property(w, "api_base_url", "API host",
               "Origin of the Open API; https:// unless sandbox is true.", kDefaultApiBaseUrl);
  url_property(w, "auth_base_url", "Auth host", "Origin of the token endpoints.",
               kDefaultAuthBaseUrl);
  url_property(w, "authorize_url", "Authorize page",
               "Overrides the authorize page. Defaults: non_us "
               "https://services.tiktokshop.com/open/authorize, us "
               "https://services.us.tiktokshop.com/open/authorize (disputed; "
               "https://services.tiktokshops.us/open/authorize is the other candidate).",
               "");

  w.key("sandbox").begin_object().field("type", "boolean").field("title", "Local sandbox");
  w.field("description",
          "True when api_base_url and auth_base_url point at a local TikTok Shop sandbox: only "
          "then may they be plain http:// (TikTok's gateway is HTTPS-only since 2026-06-17).");
  w.field("default", false).end_object();

  w.key("endpoint_versions").begin_object().field("type", "object");
  w.field("title", "Endpoint versions");
  w.field("description", "Per-endpoint API version overrides (YYYYMM), keyed by endpoint id.");
  w.key("propertyNames").begin_object().key("enum").begin_array();
  for (const EndpointSpec& spec : endpoints()) w.value(spec.id);
  w.end_array().end_object();
  w.key("additionalProperties").begin_object().field("type", "string");
  w.field("pattern", "^2[0-9]{3}(0[1-9]|1[0-2])$").end_object();
  w.end_object();

  w.end_object();  // properties
  w.key("required").begin_array();
  w.value("name").value("oauth_client").value("app_key").value("app_secret");
  w.end_array();
  w.end_object();
}

}  // namespace tts
