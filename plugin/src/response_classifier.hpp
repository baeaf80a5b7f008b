// response_classifier.hpp: what a TikTok Shop response means and what it carries.
#pragma once

#include <connector_abi/connector_abi.h>

#include <cstdint>
#include <string>
#include <vector>

#include "catalog.hpp"

namespace tts {

struct Classification {
  cnx_status verdict = CNX_STATUS_OK;
  int64_t remote_code = 0;
  std::string message;
  std::string request_id;
  int64_t retry_after_ms = 0;
  std::string next_page_token;  // decoded JSON string; empty on the last page
  int64_t total_count = -1;
  std::vector<cnx_record> records;  // spans into the classified body, exact bytes
  std::string item_errors_json;     // a non-empty JSON array, or empty
};

// Classifies `response` for `endpoint` (null: read only the envelope, no records).
// Never fails: a malformed or truncated body is a verdict (see remote_error_codes.hpp).
// On success the records are the elements of the endpoint's records pointer (or the object it
// points to), each with the span of its natural key's JSON value (string with quotes, or number).
// THREADING: any thread; uses this thread's parsers and padded buffer.
Classification classify_response(const EndpointSpec* endpoint, const cnx_response& response);

}  // namespace tts
