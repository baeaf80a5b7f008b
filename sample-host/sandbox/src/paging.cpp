// paging.cpp: page sizes and opaque page tokens.
#include "paging.hpp"

#include <charconv>

#include <text_codec/base64.hpp>

namespace sandbox {
namespace {

// Leading bytes chosen so that every token starts with "+/+/" and, being 19 bytes long, ends in
// "==": clients that forget to percent-encode the token are caught on the first page.
constexpr unsigned char kTokenPrefix[3] = {0xfb, 0xff, 0xbf};
constexpr std::size_t kTokenBytes = 19;

ApiResponse bad_page(std::string_view message) {
  return failure(400, codes::kInvalidParameter, message);
}

}  // namespace

std::uint64_t fingerprint_of(std::string_view text) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

std::string encode_page_token(std::size_t offset, std::uint64_t fingerprint) {
  unsigned char raw[kTokenBytes];
  std::copy(std::begin(kTokenPrefix), std::end(kTokenPrefix), raw);
  const std::uint64_t off = offset;
  for (int i = 0; i < 8; ++i) {
    raw[3 + i] = static_cast<unsigned char>(off >> (56 - 8 * i));
    raw[11 + i] = static_cast<unsigned char>(fingerprint >> (56 - 8 * i));
  }
  return textcodec::to_base64(std::string_view(reinterpret_cast<const char*>(raw), kTokenBytes));
}

bool decode_page_token(std::string_view token, std::size_t* offset, std::uint64_t* fingerprint) {
  std::string decoded;
  if (!textcodec::decode_base64(token, decoded) || decoded.size() != kTokenBytes) return false;
  const auto* raw = reinterpret_cast<const unsigned char*>(decoded.data());
  if (!std::equal(std::begin(kTokenPrefix), std::end(kTokenPrefix), raw)) return false;
  std::uint64_t off = 0, fp = 0;
  for (int i = 0; i < 8; ++i) {
    off = (off << 8) | raw[3 + static_cast<std::size_t>(i)];
    fp = (fp << 8) | raw[11 + static_cast<std::size_t>(i)];
  }
  *offset = static_cast<std::size_t>(off);
  *fingerprint = fp;
  return true;
}

std::variant<PageWindow, ApiResponse> read_page(const ApiRequest& request, PageLimits limits,
                                                std::string_view query_identity) {
  PageWindow window;
  window.fingerprint = fingerprint_of(query_identity);
  const std::string* size_text = request.query_value("page_size");
  if (!size_text) {
    if (limits.default_size == 0) return bad_page("page_size is required");
    window.size = static_cast<std::size_t>(limits.default_size);
  } else {
    int size = 0;
    auto [end, ec] =
        std::from_chars(size_text->data(), size_text->data() + size_text->size(), size);
    if (ec != std::errc() || end != size_text->data() + size_text->size() || size < limits.min ||
        size > limits.max) {
      return bad_page("page_size must be between " + std::to_string(limits.min) + " and " +
                      std::to_string(limits.max));
    }
    window.size = static_cast<std::size_t>(size);
  }
  const std::string* token = request.query_value("page_token");
  if (token && !token->empty()) {
    std::uint64_t fp = 0;
    if (!decode_page_token(*token, &window.offset, &fp)) return bad_page("Invalid page_token");
    if (fp != window.fingerprint) return bad_page("page_token does not belong to this query");
  }
  return window;
}

std::string next_page_token(const PageWindow& window, std::size_t available) {
  const std::size_t next = window.offset + window.size;
  if (next >= available) return "";
  return encode_page_token(next, window.fingerprint);
}

}  // namespace sandbox
