#include "connection_config.hpp"

#include <openssl/crypto.h>

#include <json_writer/json_pointer.hpp>
#include <json_writer/json_writer.hpp>

#include <array>
#include <utility>

#include "catalog.hpp"
#include "json_input.hpp"
#include "url_parts.hpp"

namespace tts {
namespace {

using simdjson::dom::element;
using simdjson::dom::object;

struct FieldProblem {
  std::string field;  // JSON pointer
  std::string message;
};

// Collects every problem instead of stopping at the first, so a person fixes all in one go.
class Problems {
 public:
  void add(std::string field, std::string message) {
    list_.push_back({std::move(field), std::move(message)});
  }
  bool empty() const { return list_.empty(); }

  Failure to_failure() const {
    Failure failure;
    failure.status = CNX_STATUS_INVALID_INPUT;
    failure.message = "The connection config is invalid (" + std::to_string(list_.size()) +
                      (list_.size() == 1 ? " problem): " : " problems): ");
    jsonw::Writer details(failure.details_json);
    details.begin_array();
    for (size_t i = 0; i < list_.size(); ++i) {
      const FieldProblem& problem = list_[i];
      details.begin_object().field("field", problem.field).field("message", problem.message);
      details.end_object();
      if (i > 0) failure.message += "; ";
      failure.message += (problem.field.empty() ? std::string("(document)") : problem.field) + " " +
                         problem.message;
    }
    details.end_array();
    failure.message += ".";
    return failure;
  }

 private:
  std::vector<FieldProblem> list_;
};

bool is_blank(std::string_view text) {
  for (char c : text) {
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return false;
  }
  return true;
}

// Reads the string member `key` of `parent` (found at `parent_pointer`, "" for the document).
// Adds a problem naming parent_pointer/key and returns false when it is missing (if required), not
// a string, or blank.
bool read_string(object parent, std::string_view parent_pointer, std::string_view key,
                 bool required, Problems& problems, std::string_view& out) {
  const std::string pointer = jsonw::child_pointer(parent_pointer, key);
  element value;
  if (parent.at_key(key).get(value) != simdjson::SUCCESS) {
    if (required) problems.add(pointer, "is required");
    return false;
  }
  if (value.get_string().get(out) != simdjson::SUCCESS) {
    problems.add(pointer, "must be a string");
    return false;
  }
  if (is_blank(out)) {
    problems.add(pointer, "must not be empty");
    return false;
  }
  return true;
}

void reject_unknown_keys(object parent, std::span<const std::string_view> known,
                         const std::string& prefix, Problems& problems) {
  for (auto [key, value] : parent) {
    (void)value;
    bool found = false;
    for (std::string_view name : known) found = found || name == key;
    if (!found) {
      problems.add(jsonw::child_pointer(prefix, key),
                   "is not a known setting (check the spelling)");
    }
  }
}

// An origin: http(s)://host[:port] with nothing after but an optional "/".
bool read_origin(object root, std::string_view key, std::string_view fallback, Problems& problems,
                 std::string& out) {
  const std::string pointer = jsonw::child_pointer("", key);
  std::string_view text;
  if (!read_string(root, "", key, false, problems, text)) {
    out = fallback;
    return true;
  }
  UrlParts parts;
  if (!split_http_url(text, parts) || parts.has_query || parts.has_fragment ||
      !(parts.path.empty() || parts.path == "/")) {
    problems.add(pointer,
                 "must be an http(s) origin like https://host[:port], without a path, "
                 "query or fragment");
    return false;
  }
  out = parts.origin;
  return true;
}

bool is_version(std::string_view text) {
  if (text.size() != 6) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  const int month = (text[4] - '0') * 10 + (text[5] - '0');
  return text[0] == '2' && month >= 1 && month <= 12;
}

void read_endpoint_versions(object root, Problems& problems, std::vector<std::string>& versions) {
  versions.clear();
  for (const EndpointSpec& spec : endpoints()) versions.emplace_back(spec.version);
  element value;
  if (root.at_key("endpoint_versions").get(value) != simdjson::SUCCESS) return;
  object overrides;
  if (value.get_object().get(overrides) != simdjson::SUCCESS) {
    problems.add("/endpoint_versions", "must be an object of endpoint id -> \"YYYYMM\"");
    return;
  }
  for (auto [id, version_value] : overrides) {
    const std::string pointer = jsonw::child_pointer("/endpoint_versions", id);
    const EndpointSpec* spec = find_endpoint(id);
    if (spec == nullptr) {
      problems.add(pointer, "is not a known endpoint id");
      continue;
    }
    std::string_view version;
    if (version_value.get_string().get(version) != simdjson::SUCCESS || !is_version(version)) {
      problems.add(pointer, "must be a version string like \"202309\" (YYYYMM)");
      continue;
    }
    versions[endpoint_index(*spec)] = version;
  }
}

bool same_bytes(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

constexpr std::array<std::string_view, 9> kTopLevelKeys = {
    "name",          "oauth_client",  "app_key",           "app_secret", "api_base_url",
    "auth_base_url", "authorize_url", "endpoint_versions", "sandbox"};

// TikTok's gateway refuses plain HTTP since 2026-06-17 ("Gateway HTTP Access to Be
// Discontinued"); only a local sandbox may be reached without TLS.
void require_https_unless_sandbox(std::string_view origin, std::string_view key, bool sandbox,
                                  Problems& problems) {
  if (sandbox || !origin.starts_with("http://")) return;
  problems.add("/" + std::string(key),
               "must be an https:// origin: TikTok's gateway is HTTPS-only since 2026-06-17 (set "
               "\"sandbox\": true for a local sandbox)");
}
constexpr std::array<std::string_view, 4> kOauthClientKeys = {"service_region", "client_id",
                                                              "client_secret", "service_id"};

}  // namespace

Result<ConnectionConfig> parse_connection_config(std::string_view json) {
  Problems problems;
  SecretJsonDocument document(json);
  element root;
  object top;
  if (document.root().get(root) != simdjson::SUCCESS) {
    problems.add("", "is not valid JSON");
    return problems.to_failure();
  }
  if (root.get_object().get(top) != simdjson::SUCCESS) {
    problems.add("", "must be a JSON object");
    return problems.to_failure();
  }
  reject_unknown_keys(top, kTopLevelKeys, "", problems);

  ConnectionConfig config;
  std::string_view text;
  if (read_string(top, "", "name", true, problems, text)) config.name = text;

  std::string_view client_secret;
  bool have_client_id = false;
  bool have_client_secret = false;
  element oauth_value;
  object oauth;
  if (top.at_key("oauth_client").get(oauth_value) != simdjson::SUCCESS) {
    problems.add("/oauth_client", "is required");
  } else if (oauth_value.get_object().get(oauth) != simdjson::SUCCESS) {
    problems.add("/oauth_client", "must be an object");
  } else {
    reject_unknown_keys(oauth, kOauthClientKeys, "/oauth_client", problems);
    if (read_string(oauth, "/oauth_client", "service_region", true, problems, text)) {
      if (text == "us") {
        config.region = ServiceRegion::kUs;
      } else if (text == "non_us") {
        config.region = ServiceRegion::kNonUs;
      } else {
        problems.add("/oauth_client/service_region", "must be \"us\" or \"non_us\"");
      }
    }
    have_client_id = read_string(oauth, "/oauth_client", "client_id", true, problems, text);
    if (have_client_id) config.client_id = text;
    have_client_secret =
        read_string(oauth, "/oauth_client", "client_secret", true, problems, client_secret);
    if (read_string(oauth, "/oauth_client", "service_id", true, problems, text)) {
      config.service_id = text;
    }
  }

  if (read_string(top, "", "app_key", true, problems, text)) {
    config.app_key = text;
    if (have_client_id && config.app_key != config.client_id) {
      problems.add("/app_key",
                   "must equal /oauth_client/client_id: both hold the same TikTok app "
                   "key, entered twice");
    }
  }
  std::string_view app_secret;
  if (read_string(top, "", "app_secret", true, problems, app_secret)) {
    if (have_client_secret && !same_bytes(app_secret, client_secret)) {
      problems.add("/app_secret",
                   "does not match /oauth_client/client_secret: both hold the same "
                   "TikTok app secret, entered twice (values not shown)");
    }
  }

  element sandbox_value;
  if (top.at_key("sandbox").get(sandbox_value) == simdjson::SUCCESS &&
      sandbox_value.get_bool().get(config.sandbox) != simdjson::SUCCESS) {
    problems.add("/sandbox", "must be true or false");
  }
  if (read_origin(top, "api_base_url", kDefaultApiBaseUrl, problems, config.api_base_url)) {
    require_https_unless_sandbox(config.api_base_url, "api_base_url", config.sandbox, problems);
  }
  if (read_origin(top, "auth_base_url", kDefaultAuthBaseUrl, problems, config.auth_base_url)) {
    require_https_unless_sandbox(config.auth_base_url, "auth_base_url", config.sandbox, problems);
  }
  config.authorize_url =
      config.region == ServiceRegion::kUs ? kDefaultAuthorizeUrlUs : kDefaultAuthorizeUrlNonUs;
  if (read_string(top, "", "authorize_url", false, problems, text)) {
    UrlParts parts;
    if (!split_http_url(text, parts) || parts.has_fragment) {
      problems.add("/authorize_url", "must be an absolute http(s) URL without a fragment");
    } else {
      config.authorize_url = text;
    }
  }
  read_endpoint_versions(top, problems, config.endpoint_versions);

  if (!problems.empty()) return problems.to_failure();
  config.client_secret = SecretString(client_secret);
  config.app_secret = SecretString(app_secret);
  return config;
}

}  // namespace tts
