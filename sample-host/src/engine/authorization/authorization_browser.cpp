#include "engine/authorization/authorization_browser.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

#include "engine/authorization/authorization_flow.hpp"
#include "log/log_sink.hpp"

namespace host::engine {
namespace {

constexpr int kMaxRedirects = 10;

// Resolves a Location header against the URL it came from.
std::string resolve_location(const std::string& base, std::string_view location) {
  auto base_url = boost::urls::parse_absolute_uri(base);
  auto reference = boost::urls::parse_uri_reference(location);
  if (!base_url || !reference) return std::string(location);
  boost::urls::url resolved;
  if (boost::urls::resolve(*base_url, *reference, resolved)) return std::string(resolved.buffer());
  return std::string(location);
}

// The origin and path of a URL, for messages (the query may carry a code).
std::string without_query(const std::string& url) { return url.substr(0, url.find('?')); }

}  // namespace

void browse_to_callback(http::Client& http, const std::string& url) {
  std::string current = url;
  for (int hop = 0; hop <= kMaxRedirects; ++hop) {
    http::Request request;
    request.method = "GET";
    request.url = current;
    request.headers.push_back({"Accept", "text/html"});
    const http::Response response = http.send(request);
    if (!response.ok()) {
      throw AuthorizationError("the built-in browser could not load " + without_query(current) +
                               ": " + response.error_message);
    }
    const std::string_view location = response.header("Location");
    if (response.status >= 300 && response.status < 400 && !location.empty()) {
      log::debug("authorize", "built-in browser: redirected to " +
                                  without_query(resolve_location(current, location)));
      current = resolve_location(current, location);
      continue;
    }
    if (response.status >= 400 && hop == 0) {
      throw AuthorizationError("the authorize page answered HTTP " +
                               std::to_string(response.status) + " to the built-in browser");
    }
    return;  // the last page (the callback's answer); the waiting side judges it
  }
  throw AuthorizationError("the built-in browser gave up after " + std::to_string(kMaxRedirects) +
                           " redirects");
}

}  // namespace host::engine
