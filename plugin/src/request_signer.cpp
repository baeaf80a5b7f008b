#include "request_signer.hpp"

#include <algorithm>
#include <charconv>

#include "ascii_text.hpp"
#include "kv_lookup.hpp"
#include "percent_encoding.hpp"
#include "request_target.hpp"

namespace tts {
namespace {

constexpr std::string_view kTokenHeader = "x-tts-access-token";
constexpr std::string_view kContentTypeHeader = "content-type";

bool parse_unix_seconds(std::string_view text, int64_t& out) {
  if (text.empty() || text.size() > 18) return false;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size() && out > 0;
}

// The values the connector owns, possibly adopted from the caller's query.
struct OwnedValues {
  int64_t timestamp = 0;
  std::string_view access_token;
  std::string_view shop_cipher;
};

// Removes owned keys and empty values from scratch.params, adopting owned values (see header).
Result<OwnedValues> separate_owned_params(const Connection& connection, const cnx_request& request,
                                          SignScratch& scratch) {
  OwnedValues owned{request.timestamp, view(request.access_token), view(request.scope_credential)};
  if (owned.timestamp < 0) return fail(CNX_STATUS_INVALID_INPUT, "The timestamp is negative.");
  auto conflict = [](std::string_view key) {
    return fail(CNX_STATUS_INVALID_INPUT, "The query parameter \"" + std::string(key) +
                                              "\" is set by the connector and the given value "
                                              "contradicts the request's own field.");
  };
  size_t kept = 0;
  for (const QueryParam& param : scratch.params) {
    const std::string_view key = param.key;
    if (param.value.empty() || key == "sign") continue;
    if (key == "app_key") {
      if (param.value != connection.config().app_key) {
        return fail(CNX_STATUS_INVALID_INPUT,
                    "The query's app_key is not this connection's app key.");
      }
      continue;
    }
    if (key == "timestamp") {
      int64_t value = 0;
      if (!parse_unix_seconds(param.value, value)) {
        return fail(CNX_STATUS_INVALID_INPUT, "The query's timestamp is not Unix seconds.");
      }
      if (owned.timestamp != 0 && owned.timestamp != value) return conflict(key);
      owned.timestamp = value;
      continue;
    }
    std::string_view* slot = key == "shop_cipher"    ? &owned.shop_cipher
                             : key == "access_token" ? &owned.access_token
                                                     : nullptr;
    if (slot != nullptr) {
      if (!slot->empty() && *slot != param.value) return conflict(key);
      *slot = param.value;
      continue;
    }
    scratch.params[kept++] = param;
  }
  scratch.params.resize(kept);
  return owned;
}

void append_query_pair(std::string& url, std::string_view key, std::string_view value) {
  if (url.back() != '?') url.push_back('&');
  append_percent_encoded(url, key);
  url.push_back('=');
  append_percent_encoded(url, value);
}

}  // namespace

bool is_multipart_form_data(std::string_view content_type) {
  return equals_ignore_case(trim_spaces(content_type.substr(0, content_type.find(';'))),
                            "multipart/form-data");
}

bool compute_signature(const HmacSha256Key& key, std::string_view secret, std::string_view path,
                       std::span<const QueryParam> params, std::string_view signed_body,
                       std::vector<std::string_view>& pieces, char (&hex)[64]) {
  pieces.clear();
  pieces.push_back(secret);
  pieces.push_back(path);
  for (const QueryParam& param : params) {
    pieces.push_back(param.key);
    pieces.push_back(param.value);
  }
  pieces.push_back(signed_body);
  pieces.push_back(secret);
  Sha256Digest digest{};
  if (!key.digest(pieces, digest)) return false;
  write_lower_hex(digest, hex);
  return true;
}

Result<SignedRequestView> sign_request(const Connection& connection, const cnx_request& request) {
  thread_local SignScratch scratch;
  scratch.params.clear();
  Result<RequestTarget> resolved = resolve_request_target(connection, request, scratch);
  if (!resolved.ok()) return std::move(resolved.failure());
  const RequestTarget& target = resolved.value();

  for (size_t i = 0; i < request.query_count; ++i) {
    scratch.params.push_back({view(request.query[i].key), view(request.query[i].value)});
  }
  Result<OwnedValues> separated = separate_owned_params(connection, request, scratch);
  if (!separated.ok()) return std::move(separated.failure());
  OwnedValues& owned = separated.value();

  const ConnectionConfig& config = connection.config();
  scratch.params.push_back({"app_key", config.app_key});
  if (owned.timestamp == 0) owned.timestamp = connection.now_unix_seconds();
  const auto [ts_end, ts_ec] = std::to_chars(
      scratch.timestamp, scratch.timestamp + sizeof scratch.timestamp, owned.timestamp);
  (void)ts_ec;
  scratch.params.push_back(
      {"timestamp",
       std::string_view(scratch.timestamp, static_cast<size_t>(ts_end - scratch.timestamp))});
  if (!owned.shop_cipher.empty() && target.scope != ScopeRule::kForbidden) {
    scratch.params.push_back({"shop_cipher", owned.shop_cipher});
  } else if (owned.shop_cipher.empty() && target.scope == ScopeRule::kRequired) {
    const std::string what = target.endpoint != nullptr
                                 ? "Endpoint " + std::string(target.endpoint->id)
                                 : std::string(target.method) + " " + std::string(target.path);
    return fail(CNX_STATUS_INVALID_INPUT,
                what + " is shop-scoped: pass the shop's cipher as the scope credential.");
  }

  std::sort(scratch.params.begin(), scratch.params.end(),
            [](const QueryParam& a, const QueryParam& b) { return a.key < b.key; });
  for (size_t i = 1; i < scratch.params.size(); ++i) {
    if (scratch.params[i].key == scratch.params[i - 1].key) {
      return fail(CNX_STATUS_INVALID_INPUT,
                  "The query parameter \"" + std::string(scratch.params[i].key) +
                      "\" is given more than once; TikTok reads the query as a map, so send one "
                      "value (join a list with commas).");
    }
  }

  std::string_view content_type = view(request.content_type);
  if (content_type.empty()) {
    const cnx_str* header = find_header(request.headers, request.header_count, kContentTypeHeader);
    if (header != nullptr) content_type = view(*header);
  }
  if (content_type.empty()) content_type = target.default_content_type;
  const bool multipart = is_multipart_form_data(content_type);
  if (is_multipart_form_data(target.default_content_type) &&
      (!multipart || content_type.find(';') == std::string_view::npos)) {
    return fail(CNX_STATUS_INVALID_INPUT,
                "This endpoint takes multipart/form-data: give the full content type with its "
                "boundary.");
  }

  char sign[64];
  const std::string_view signed_body =
      multipart || target.legacy ? std::string_view() : view(request.body);
  if (!compute_signature(connection.app_secret_key(), config.app_secret.view(), target.path,
                         scratch.params, signed_body, scratch.pieces, sign)) {
    return fail(CNX_STATUS_INTERNAL, "OpenSSL failed to compute HMAC-SHA256.");
  }

  scratch.url.clear();
  scratch.url.append(target.origin).append(target.path).push_back('?');
  for (const QueryParam& param : scratch.params)
    append_query_pair(scratch.url, param.key, param.value);
  append_query_pair(scratch.url, "sign", std::string_view(sign, sizeof sign));
  if (target.legacy && !owned.access_token.empty()) {
    append_query_pair(scratch.url, "access_token", owned.access_token);
  }

  scratch.headers.clear();
  scratch.headers.push_back({str(kContentTypeHeader), str(content_type)});
  if (!target.legacy && !owned.access_token.empty()) {
    scratch.headers.push_back({str(kTokenHeader), str(owned.access_token)});
  }
  for (size_t i = 0; i < request.header_count; ++i) {
    const std::string_view name = view(request.headers[i].key);
    if (equals_ignore_case(name, kContentTypeHeader) || equals_ignore_case(name, kTokenHeader))
      continue;
    scratch.headers.push_back(request.headers[i]);
  }
  return SignedRequestView{target.method, scratch.url, scratch.headers};
}

}  // namespace tts
