// paging.hpp: TikTok-style page_size/page_token paging over an in-memory result list.
//
// Tokens are opaque: standard base64 (so they contain '+', '/' and '=', which clients must
// percent-encode) of an offset and a fingerprint of the query that produced them. A token from
// another query, another shop or another endpoint is rejected.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <json_writer/json_writer.hpp>

#include "api_types.hpp"

namespace sandbox {

struct PageLimits {
  int min = 1;
  int max = 100;
  int default_size = 0;  // used when page_size is absent; 0: page_size is required
};

struct PageWindow {
  std::size_t offset = 0;
  std::size_t size = 0;
  std::uint64_t fingerprint = 0;
};

// Reads page_size and page_token from the query. `query_identity` must describe everything
// that selects and orders the results (endpoint, shop, filters, sort).
// Errors (400, 36009004): page_size missing/not a number/out of range, page_token malformed or
// minted for another query.
std::variant<PageWindow, ApiResponse> read_page(const ApiRequest& request, PageLimits limits,
                                                std::string_view query_identity);

// The token for the page after `window` when `available` results exist; "" on the last page.
std::string next_page_token(const PageWindow& window, std::size_t available);

// Encodes/decodes the token itself (exposed for tests of the format).
std::string encode_page_token(std::size_t offset, std::uint64_t fingerprint);
bool decode_page_token(std::string_view token, std::size_t* offset, std::uint64_t* fingerprint);

// Writes {"<array_key>":[...],"next_page_token":"...","total_count":N} for one page of
// `matches`. `available` (<= matches.size()) caps how deep paging may go (product search's
// 10,000 limit); total_count reports every match.
template <typename Record, typename WriteRecord>
std::string page_json(std::string_view array_key, const std::vector<Record*>& matches,
                      const PageWindow& window, std::size_t available, WriteRecord write_record) {
  std::string out;
  jsonw::Writer w(out);
  w.begin_object().key(array_key).begin_array();
  const std::size_t end = std::min(available, window.offset + window.size);
  for (std::size_t i = window.offset; i < end; ++i) write_record(w, *matches[i]);
  w.end_array();
  w.field("next_page_token", next_page_token(window, available));
  w.field("total_count", static_cast<std::int64_t>(matches.size()));
  w.end_object();
  return out;
}

// FNV-1a 64, for fingerprints.
std::uint64_t fingerprint_of(std::string_view text);

}  // namespace sandbox
