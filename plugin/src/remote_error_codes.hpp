// remote_error_codes.hpp: TikTok Shop's error codes and HTTP statuses -> what a host should do.
#pragma once

#include <connector_abi/connector_abi.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace tts {

struct RemoteVerdict {
  cnx_status status;
  std::string_view advice;  // what the code means for a person, in one clause
};

// The verdict for a non-zero body `code` (the common-errors table in tiktok-shop-api.md).
// `remote_message` tells 36009004's cases apart: an invalid access token is worth a refresh (and
// a re-authorization when the refresh fails); a bad identifier is a configuration error. Unknown
// codes: HTTP 429 -> RATE_LIMITED, HTTP 5xx -> RETRY, anything else -> PERMANENT.
// THREADING: pure.
RemoteVerdict verdict_for_remote_code(int64_t code, int32_t http_status,
                                      std::string_view remote_message = {});

// The verdict for a body that is not a readable envelope: HTTP 429 -> RATE_LIMITED; a client
// error other than 408/429 -> PERMANENT (retrying the same request cannot help); anything else
// (no status, 2xx, 5xx: truncated or overloaded) -> RETRY.
RemoteVerdict verdict_for_unreadable_body(int32_t http_status);

// "<advice> (TikTok code N: <remote message>)": the sentence a cnx_error or classification carries.
std::string describe_remote_failure(const RemoteVerdict& verdict, int64_t code,
                                    std::string_view remote_message);

// The Retry-After header (case-insensitive name) in milliseconds when it holds delta-seconds;
// 0 when absent or in another form.
int64_t retry_after_ms(const cnx_kv* headers, size_t header_count);

}  // namespace tts
