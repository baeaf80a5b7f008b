#include "url_parts.hpp"

namespace tts {
namespace {

bool starts_with_no_case(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

bool is_host_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.';
}

bool valid_authority(std::string_view authority) {
  std::string_view host = authority;
  std::string_view port;
  if (!authority.empty() && authority.front() == '[') {
    const size_t close = authority.find(']');
    if (close == std::string_view::npos || close == 1) return false;
    for (char c : authority.substr(1, close - 1)) {
      const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (!hex && c != ':' && c != '.') return false;
    }
    const std::string_view rest = authority.substr(close + 1);
    if (!rest.empty() && rest.front() != ':') return false;
    if (!rest.empty()) port = rest.substr(1);
    if (!rest.empty() && port.empty()) return false;
    host = {};
  } else {
    const size_t colon = authority.find(':');
    if (colon != std::string_view::npos) {
      host = authority.substr(0, colon);
      port = authority.substr(colon + 1);
      if (port.empty()) return false;
    }
    if (host.empty() || host.front() == '.' || host.front() == '-') return false;
    for (char c : host) {
      if (!is_host_char(c)) return false;
    }
  }
  if (!port.empty()) {
    if (port.size() > 5) return false;
    unsigned value = 0;
    for (char c : port) {
      if (c < '0' || c > '9') return false;
      value = value * 10 + static_cast<unsigned>(c - '0');
    }
    if (value == 0 || value > 65535) return false;
  }
  return true;
}

}  // namespace

bool split_http_url(std::string_view url, UrlParts& out) {
  for (char c : url) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return false;
  }
  size_t scheme_len = 0;
  if (starts_with_no_case(url, "https://")) {
    scheme_len = 8;
  } else if (starts_with_no_case(url, "http://")) {
    scheme_len = 7;
  } else {
    return false;
  }
  const size_t authority_end = url.find_first_of("/?#", scheme_len);
  const size_t end = authority_end == std::string_view::npos ? url.size() : authority_end;
  if (!valid_authority(url.substr(scheme_len, end - scheme_len))) return false;
  out = UrlParts{};
  out.origin = url.substr(0, end);
  std::string_view rest = url.substr(end);
  const size_t hash = rest.find('#');
  if (hash != std::string_view::npos) {
    out.has_fragment = true;
    rest = rest.substr(0, hash);
  }
  const size_t question = rest.find('?');
  if (question != std::string_view::npos) {
    out.has_query = true;
    out.query = rest.substr(question + 1);
    rest = rest.substr(0, question);
  }
  out.path = rest;
  return true;
}

}  // namespace tts
