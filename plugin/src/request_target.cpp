#include "request_target.hpp"

#include "ascii_text.hpp"
#include "percent_encoding.hpp"
#include "url_parts.hpp"

namespace tts {
namespace {

std::string_view path_param_value(const cnx_request& request, std::string_view name) {
  for (size_t i = 0; i < request.path_param_count; ++i) {
    const cnx_kv& kv = request.path_params[i];
    if (std::string_view(kv.key.data, kv.key.len) == name) {
      return std::string_view(kv.value.data, kv.value.len);
    }
  }
  return {};
}

Result<RequestTarget> resolve_endpoint(const Connection& connection, const cnx_request& request,
                                       SignScratch& scratch) {
  const std::string_view id(request.endpoint.data, request.endpoint.len);
  const EndpointSpec* spec = find_endpoint(id);
  if (spec == nullptr) {
    return fail(CNX_STATUS_INVALID_INPUT, "Unknown endpoint id \"" + std::string(id) + "\".");
  }
  const std::string_view method(request.method.data, request.method.len);
  if (!method.empty() && !equals_ignore_case(method, spec->method)) {
    return fail(CNX_STATUS_INVALID_INPUT, "Endpoint " + std::string(id) + " is " +
                                              std::string(spec->method) + ", not " +
                                              std::string(method) + ".");
  }
  // Every given path param must belong to the template, and every template param must be given.
  for (size_t i = 0; i < request.path_param_count; ++i) {
    const std::string_view name(request.path_params[i].key.data, request.path_params[i].key.len);
    bool known = false;
    for_each_path_param(spec->path,
                        [&](std::string_view param) { known = known || param == name; });
    if (!known) {
      return fail(
          CNX_STATUS_INVALID_INPUT,
          "Endpoint " + std::string(id) + " has no path parameter \"" + std::string(name) + "\".");
    }
  }
  std::string missing;
  scratch.path.clear();
  std::string_view rest = spec->path;
  while (!rest.empty()) {
    const size_t open = rest.find('{');
    scratch.path.append(rest.substr(0, open));
    if (open == std::string_view::npos) break;
    const size_t close = rest.find('}', open);
    const std::string_view name = rest.substr(open + 1, close - open - 1);
    if (name == "version") {
      scratch.path.append(connection.endpoint_version(*spec));
    } else {
      const std::string_view value = path_param_value(request, name);
      if (value.empty()) missing += (missing.empty() ? "" : ", ") + std::string(name);
      append_percent_encoded(scratch.path, value);
    }
    rest = rest.substr(close + 1);
  }
  if (!missing.empty()) {
    return fail(CNX_STATUS_INVALID_INPUT,
                "Endpoint " + std::string(id) + " needs the path parameter(s): " + missing + ".");
  }
  RequestTarget target;
  target.method = spec->method;
  target.origin = connection.config().api_base_url;
  target.path = scratch.path;
  target.scope = spec->scope;
  target.default_content_type = spec->content_type;
  target.endpoint = spec;
  return target;
}

// Splits an encoded query into decoded params stored in scratch.decoded.
bool decode_query(std::string_view query, SignScratch& scratch) {
  scratch.decoded.clear();
  scratch.decoded.reserve(query.size());  // decoding never grows: views stay valid
  return for_each_query_pair(
      query, [&scratch](std::string_view raw_key, std::string_view raw_value) {
        const size_t key_start = scratch.decoded.size();
        if (!append_percent_decoded(scratch.decoded, raw_key)) return false;
        const size_t value_start = scratch.decoded.size();
        if (!append_percent_decoded(scratch.decoded, raw_value)) return false;
        const std::string_view all = scratch.decoded;
        const std::string_view key = all.substr(key_start, value_start - key_start);
        if (key.empty()) return false;
        scratch.params.push_back({key, all.substr(value_start)});
        return true;
      });
}

Result<RequestTarget> resolve_url(const Connection& connection, const cnx_request& request,
                                  SignScratch& scratch) {
  const std::string_view url(request.url.data, request.url.len);
  const std::string_view method(request.method.data, request.method.len);
  scratch.method.clear();
  for (char c : method) {
    scratch.method.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
  }
  if (scratch.method != "GET" && scratch.method != "POST" && scratch.method != "PUT" &&
      scratch.method != "DELETE" && scratch.method != "PATCH") {
    return fail(CNX_STATUS_INVALID_INPUT,
                "A request given by url needs a method: GET, POST, PUT, DELETE or PATCH.");
  }
  RequestTarget target;
  target.method = scratch.method;
  UrlParts parts;
  if (!url.empty() && url.front() == '/') {
    for (char c : url) {
      if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) {
        return fail(CNX_STATUS_INVALID_INPUT, "The url contains spaces or control characters.");
      }
    }
    const size_t hash = url.find('#');
    const std::string_view without_fragment = url.substr(0, hash);
    parts.has_fragment = hash != std::string_view::npos;
    const size_t question = without_fragment.find('?');
    parts.path = without_fragment.substr(0, question);
    if (question != std::string_view::npos) parts.query = without_fragment.substr(question + 1);
    target.origin = connection.config().api_base_url;
  } else if (split_http_url(url, parts)) {
    target.origin = parts.origin;
  } else {
    return fail(CNX_STATUS_INVALID_INPUT,
                "The url must be an absolute http(s) URL or a path starting with \"/\".");
  }
  if (parts.has_fragment) {
    return fail(CNX_STATUS_INVALID_INPUT, "The url must not carry a fragment (#...).");
  }
  target.path = parts.path.empty() ? std::string_view("/") : parts.path;
  if (!decode_query(parts.query, scratch)) {
    return fail(CNX_STATUS_INVALID_INPUT,
                "The url's query is malformed (a bad %XX escape or an empty parameter name).");
  }
  target.legacy = target.path.substr(0, 5) == "/api/";
  // Whether shop_cipher may go along is the matching endpoint's declared fact: a cipher given for
  // an endpoint that takes none is dropped (TikTok would answer 36009004). A missing cipher is
  // not refused here: a raw URL is the caller's request, and TikTok's 106013 says what is
  // missing. A path the catalog does not know keeps the caller's choice (sent when given).
  const EndpointSpec* known = find_endpoint_by_path(target.method, target.path);
  target.scope = known != nullptr && known->scope == ScopeRule::kForbidden ? ScopeRule::kForbidden
                                                                           : ScopeRule::kOptional;
  return target;
}

}  // namespace

Result<RequestTarget> resolve_request_target(const Connection& connection,
                                             const cnx_request& request, SignScratch& scratch) {
  const bool has_endpoint = request.endpoint.len > 0;
  const bool has_url = request.url.len > 0;
  if (has_endpoint == has_url) {
    return fail(CNX_STATUS_INVALID_INPUT,
                "A request names either a catalog endpoint or a url, exactly one of them.");
  }
  return has_endpoint ? resolve_endpoint(connection, request, scratch)
                      : resolve_url(connection, request, scratch);
}

}  // namespace tts
