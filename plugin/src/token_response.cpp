#include "token_response.hpp"

#include "code_names.hpp"
#include "json_input.hpp"
#include "remote_error_codes.hpp"

namespace tts {
namespace {

using simdjson::dom::element;
using simdjson::dom::object;

Failure unreadable(int32_t http_status, std::string_view why) {
  const RemoteVerdict verdict = verdict_for_unreadable_body(http_status);
  return fail(verdict.status, "The token response " + std::string(why) + ": " +
                                  std::string(verdict.advice) + " (HTTP " +
                                  std::to_string(http_status) + ").");
}

std::string_view string_member(object parent, std::string_view key) {
  std::string_view value;
  if (parent.at_key(key).get_string().get(value) != simdjson::SUCCESS) return {};
  return value;
}

int64_t integer_member(object parent, std::string_view key) {
  element value;
  int64_t number = 0;
  if (parent.at_key(key).get(value) != simdjson::SUCCESS || !read_int64(value, number)) return 0;
  return number;
}

// Scopes arrive as an array of strings, or (seen in the wild) one comma-separated string.
void read_scopes(object data, std::vector<std::string>& out) {
  for (std::string_view key : {"granted_scopes", "granted_permissions"}) {
    element value;
    if (data.at_key(key).get(value) != simdjson::SUCCESS) continue;
    simdjson::dom::array list;
    std::string_view joined;
    if (value.get_array().get(list) == simdjson::SUCCESS) {
      for (element item : list) {
        std::string_view scope;
        if (item.get_string().get(scope) == simdjson::SUCCESS && !scope.empty()) {
          out.emplace_back(scope);
        }
      }
    } else if (value.get_string().get(joined) == simdjson::SUCCESS) {
      while (!joined.empty()) {
        const size_t comma = joined.find(',');
        const std::string_view scope = joined.substr(0, comma);
        if (!scope.empty()) out.emplace_back(scope);
        joined = comma == std::string_view::npos ? std::string_view() : joined.substr(comma + 1);
      }
    }
    if (!out.empty()) return;
  }
}

}  // namespace

std::string_view account_type_name(int64_t user_type) {
  // user_type as the token answer numbers it.
  static constexpr CodeName kUserTypes[] = {{0, "seller"}, {1, "creator"}, {3, "partner"}};
  return name_of_code(kUserTypes, user_type, "unknown");
}

Result<TokenSet> parse_token_response(int32_t http_status, std::string_view body) {
  SecretJsonDocument document(body);
  element root;
  object envelope;
  if (document.root().get(root) != simdjson::SUCCESS ||
      root.get_object().get(envelope) != simdjson::SUCCESS) {
    return unreadable(http_status, "is not valid JSON");
  }
  element code_element;
  int64_t code = 0;
  if (envelope.at_key("code").get(code_element) != simdjson::SUCCESS ||
      !read_int64(code_element, code)) {
    return unreadable(http_status, "has no numeric \"code\"");
  }
  if (code != 0) {
    const std::string_view message = string_member(envelope, "message");
    const RemoteVerdict verdict = verdict_for_remote_code(code, http_status, message);
    Failure failure = fail(verdict.status, describe_remote_failure(verdict, code, message));
    failure.remote_code = code;
    failure.request_id = string_member(envelope, "request_id");
    return failure;
  }
  object data;
  if (envelope.at_key("data").get_object().get(data) != simdjson::SUCCESS) {
    return unreadable(http_status, "reports success but has no data");
  }
  const std::string_view access_token = string_member(data, "access_token");
  const std::string_view refresh_token = string_member(data, "refresh_token");
  if (access_token.empty() || refresh_token.empty()) {
    return unreadable(http_status, "reports success but lacks a token");
  }
  TokenSet tokens;
  tokens.access_token = SecretString(access_token);
  tokens.refresh_token = SecretString(refresh_token);
  tokens.access_expires_at = integer_member(data, "access_token_expire_in");
  tokens.refresh_expires_at = integer_member(data, "refresh_token_expire_in");
  tokens.open_id = string_member(data, "open_id");
  tokens.seller_name = string_member(data, "seller_name");
  tokens.seller_base_region = string_member(data, "seller_base_region");
  element user_type;
  int64_t user_type_value = -1;
  if (data.at_key("user_type").get(user_type) == simdjson::SUCCESS) {
    read_int64(user_type, user_type_value);
  }
  tokens.account_type = account_type_name(user_type_value);
  read_scopes(data, tokens.scopes);
  return tokens;
}

}  // namespace tts
