// parsed_url.cpp: absolute URL -> connection and request-target parts, through Boost.URL.
#include "http/parsed_url.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include "http/failed_result.hpp"

namespace host::http {
namespace {

constexpr auto kFail = &failed_result<UrlParseResult>;

}  // namespace

UrlParseResult parse_url(std::string_view text) {
  auto parsed = boost::urls::parse_absolute_uri(text);
  if (!parsed) return kFail("not an absolute URL");
  const boost::urls::url_view& url = *parsed;

  ParsedUrl out;
  switch (url.scheme_id()) {
    case boost::urls::scheme::http:
      out.tls = false;
      break;
    case boost::urls::scheme::https:
      out.tls = true;
      break;
    default:
      return kFail("unsupported URL scheme (only http and https)");
  }
  if (!url.has_authority() || url.encoded_host().empty()) return kFail("URL has no host");
  if (url.has_userinfo()) return kFail("URL carries user info, which is refused");

  switch (url.host_type()) {
    case boost::urls::host_type::name:
    case boost::urls::host_type::ipv4:
    case boost::urls::host_type::ipv6:
      out.host = url.host_address();  // decoded; IPv6 without brackets
      break;
    default:
      return kFail("unsupported URL host");
  }
  if (out.host.find_first_of(std::string_view("\0\r\n /\\@", 7)) != std::string::npos) {
    return kFail("URL host has invalid characters");
  }

  const uint16_t default_port = out.tls ? 443 : 80;
  if (url.has_port()) {
    // port_number() wraps values over 65535, so the digits are checked here.
    const std::string_view digits = url.port();
    unsigned long value = 0;
    for (char c : digits) {
      value = value * 10 + static_cast<unsigned long>(c - '0');  // the grammar allows digits only
      if (value > 65535) break;
    }
    if (digits.empty() || value == 0 || value > 65535) return kFail("URL has an invalid port");
    out.port = static_cast<uint16_t>(value);
  } else {
    out.port = default_port;
  }

  const bool ipv6 = url.host_type() == boost::urls::host_type::ipv6;
  const std::string bracketed = ipv6 ? "[" + out.host + "]" : out.host;
  out.host_header = bracketed;
  if (out.port != default_port) out.host_header += ":" + std::to_string(out.port);

  std::string path(url.encoded_path());
  if (path.empty()) path = "/";
  out.target = path;
  if (url.has_query()) {
    out.target += '?';
    out.target += url.encoded_query();
  }
  const std::string scheme = out.tls ? "https" : "http";
  out.origin = scheme + "://" + bracketed + ":" + std::to_string(out.port);
  out.redacted = out.origin + path;

  UrlParseResult result;
  result.ok = true;
  result.url = std::move(out);
  return result;
}

}  // namespace host::http
