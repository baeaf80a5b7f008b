#include "engine/connections/plain_http_settings.hpp"

#include <simdjson.h>

#include "http/parsed_url.hpp"
#include "http/plain_http_policy.hpp"
#include "log/log_sink.hpp"

namespace host::engine {

std::vector<ManifestProblem> plain_http_setting_problems(std::string_view connection_name,
                                                         std::string_view settings_json,
                                                         bool allowed) {
  std::vector<ManifestProblem> problems;
  simdjson::dom::parser parser;
  simdjson::dom::object settings;
  if (parser.parse(settings_json.data(), settings_json.size()).get(settings) != simdjson::SUCCESS) {
    return problems;
  }
  for (auto [key, value] : settings) {
    std::string_view text;
    if (value.get_string().get(text) != simdjson::SUCCESS) continue;
    const http::UrlParseResult url = http::parse_url(text);
    if (!url.ok || !http::is_plain_http_to_remote(url.url)) continue;
    const std::string pointer = "/settings/" + pointer_token(key);
    if (allowed) {
      log::warn("connection", "connection " + std::string(connection_name) + ": " + pointer +
                                  " is plain http:// to " + url.url.origin +
                                  " (allowed by allow_plain_http): credentials sent there "
                                  "cross the network unencrypted");
    } else {
      problems.push_back(
          {pointer, "is a plain http:// URL to " + url.url.host +
                        ", which is not a loopback address: requests there would carry the "
                        "connection's credentials unencrypted; use https://, or set "
                        "\"allow_plain_http\": true in this manifest to accept that"});
    }
  }
  return problems;
}

}  // namespace host::engine
