#include "auth_hooks.hpp"

#include "percent_encoding.hpp"

namespace tts {
namespace {

void append_param(std::string& url, std::string_view key, std::string_view value) {
  url.push_back(url.find('?') == std::string::npos ? '?' : '&');
  url.append(key).push_back('=');
  append_percent_encoded(url, value);
}

}  // namespace

std::string authorize_url(const Connection& connection, std::string_view state) {
  const ConnectionConfig& config = connection.config();
  std::string url = config.authorize_url;
  append_param(url, "service_id", config.service_id);
  if (!state.empty()) append_param(url, "state", state);
  return url;
}

Result<TokenRequest> build_token_request(const Connection& connection, cnx_token_grant grant,
                                         std::string_view credential) {
  if (grant != CNX_GRANT_AUTHORIZATION_CODE && grant != CNX_GRANT_REFRESH_TOKEN) {
    return fail(CNX_STATUS_INVALID_INPUT, "Unknown token grant.");
  }
  const bool code_grant = grant == CNX_GRANT_AUTHORIZATION_CODE;
  if (credential.empty()) {
    return fail(CNX_STATUS_INVALID_INPUT,
                code_grant ? "The authorization code is empty." : "The refresh token is empty.");
  }
  const ConnectionConfig& config = connection.config();
  std::string url = config.auth_base_url;
  url += code_grant ? "/api/v2/token/get" : "/api/v2/token/refresh";
  append_param(url, "app_key", config.app_key);
  append_param(url, "app_secret", config.app_secret.view());
  append_param(url, code_grant ? "auth_code" : "refresh_token", credential);
  append_param(url, "grant_type", code_grant ? "authorized_code" : "refresh_token");
  TokenRequest request{SecretString(url)};
  OPENSSL_cleanse(url.data(), url.size());
  return request;
}

Result<CallbackParams> parse_callback_query(std::string_view query) {
  if (!query.empty() && query.front() == '?') query.remove_prefix(1);
  CallbackParams params;
  std::string code;
  bool seen_code = false;
  bool seen_state = false;
  bool seen_error = false;
  auto reject = [&code](std::string message) {
    OPENSSL_cleanse(code.data(), code.size());
    return fail(CNX_STATUS_INVALID_INPUT, std::move(message));
  };
  std::string problem;
  const bool read = for_each_query_pair(query, [&](std::string_view key, std::string_view raw) {
    std::string* target = nullptr;
    bool* seen = nullptr;
    if (key == "code") {
      target = &code;
      seen = &seen_code;
    } else if (key == "state") {
      target = &params.state;
      seen = &seen_state;
    } else if (key == "error") {
      target = &params.error;
      seen = &seen_error;
    } else {
      return true;  // TikTok may add parameters (e.g. locale); they carry nothing we need
    }
    if (*seen) {
      problem = "The callback repeats the \"" + std::string(key) + "\" parameter.";
      return false;
    }
    *seen = true;
    if (!append_percent_decoded(*target, raw)) {
      problem = "The callback's \"" + std::string(key) + "\" parameter has a bad %XX escape.";
      return false;
    }
    return true;
  });
  if (!read) return reject(problem);
  if (!params.error.empty()) {
    params.status = CNX_STATUS_REAUTHORIZE;
  } else if (!code.empty()) {
    params.status = CNX_STATUS_OK;
    params.code = SecretString(code);
  } else {
    return reject("The callback carries neither a code nor an error.");
  }
  OPENSSL_cleanse(code.data(), code.size());
  return params;
}

}  // namespace tts
