#include "http/plain_http_policy.hpp"

#include <boost/asio/ip/address.hpp>
#include <string>

namespace host::http {

bool is_loopback_host(std::string_view host) {
  std::string lower(host);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "localhost" || lower == "localhost.") return true;
  boost::system::error_code ec;
  const boost::asio::ip::address address = boost::asio::ip::make_address(lower, ec);
  if (ec) return false;
  if (address.is_loopback()) return true;
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, address.to_v6())
        .is_loopback();
  }
  return false;
}

bool is_plain_http_to_remote(const ParsedUrl& url) {
  return !url.tls && !is_loopback_host(url.host);
}

}  // namespace host::http
