// paging.cpp: page sizes and opaque page tokens.
#include "paging.hpp"

#include <charconv>

namespace sandbox {
namespace {

// Leading bytes chosen so that every token starts with "+/+/" and, being 19 bytes long, ends in
// "==": clients that forget to percent-encode the token are caught on the first page.
constexpr unsigned char kTokenPrefix[3] = {0xfb, 0xff, 0xbf};
constexpr std::size_t kTokenBytes = 19;
constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string base64_encode(const unsigned char* data, std::size_t len) {
  std::string out;
  for (std::size_t i = 0; i < len; i += 3) {
    const std::uint32_t b0 = data[i];
    const std::uint32_t b1 = i + 1 < len ? data[i + 1] : 0;
    const std::uint32_t b2 = i + 2 < len ? data[i + 2] : 0;
    const std::uint32_t n = (b0 << 16) | (b1 << 8) | b2;
    out.push_back(kBase64[(n >> 18) & 63]);
    out.push_back(kBase64[(n >> 12) & 63]);
    out.push_back(i + 1 < len ? kBase64[(n >> 6) & 63] : '=');
    out.push_back(i + 2 < len ? kBase64[n & 63] : '=');
  }
  return out;
}

bool base64_decode(std::string_view in, std::vector<unsigned char>* out) {
  if (in.size() % 4 != 0) return false;
  auto value = [](char c) -> int {
    const char* p = std::char_traits<char>::find(kBase64, 64, c);
    return p ? static_cast<int>(p - kBase64) : -1;
  };
  for (std::size_t i = 0; i < in.size(); i += 4) {
    int v[4];
    int pad = 0;
    for (int j = 0; j < 4; ++j) {
      const char c = in[i + static_cast<std::size_t>(j)];
      if (c == '=' && i + 4 == in.size() && j >= 2) {
        v[j] = 0;
        ++pad;
      } else if (pad > 0 || (v[j] = value(c)) < 0) {
        return false;
      }
    }
    const std::uint32_t n =
        (static_cast<std::uint32_t>(v[0]) << 18) | (static_cast<std::uint32_t>(v[1]) << 12) |
        (static_cast<std::uint32_t>(v[2]) << 6) | static_cast<std::uint32_t>(v[3]);
    out->push_back(static_cast<unsigned char>(n >> 16));
    if (pad < 2) out->push_back(static_cast<unsigned char>(n >> 8));
    if (pad < 1) out->push_back(static_cast<unsigned char>(n));
  }
  return true;
}

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
  return base64_encode(raw, kTokenBytes);
}

bool decode_page_token(std::string_view token, std::size_t* offset, std::uint64_t* fingerprint) {
  std::vector<unsigned char> raw;
  if (!base64_decode(token, &raw) || raw.size() != kTokenBytes) return false;
  if (!std::equal(std::begin(kTokenPrefix), std::end(kTokenPrefix), raw.begin())) return false;
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
