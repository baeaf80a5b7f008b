// header_lookup.cpp: case-insensitive header lookup shared by Response and IncomingRequest.
#include <algorithm>
#include <cctype>

#include "http/http_client.hpp"
#include "http/http_listener.hpp"

namespace host::http {
namespace {

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

std::string_view find_header(const std::vector<Header>& headers, std::string_view name) {
  for (const Header& header : headers) {
    if (equals_ignoring_case(header.name, name)) return header.value;
  }
  return {};
}

}  // namespace

std::string_view Response::header(std::string_view name) const {
  return find_header(headers, name);
}

std::string_view IncomingRequest::header(std::string_view name) const {
  return find_header(headers, name);
}

}  // namespace host::http
