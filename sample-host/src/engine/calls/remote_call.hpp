// remote_call.hpp: one call to a catalog endpoint, as the engine sees it.
//
// The engine's export and import loops talk to a RemoteCaller; the real one
// (flows/flow_session_caller.hpp) makes each attempt with calls/connector_call.hpp (sign,
// rate-limit, send, classify) and retries; tests substitute fakes. Results own their bytes: nothing
// in them points into plugin memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <connector_abi/connector_abi.h>

namespace host::engine {

using KeyValues = std::vector<std::pair<std::string, std::string>>;

struct CallRequest {
  std::string endpoint;  // catalog endpoint id
  KeyValues path_params;
  KeyValues query;   // decoded values
  std::string body;  // the exact bytes to send (and sign)
  std::string scope_credential;
};

// A record found in a response body: byte ranges of its JSON value and of its key's JSON value.
struct RecordRef {
  size_t offset = 0;
  size_t len = 0;
  size_t key_offset = 0;
  size_t key_len = 0;
};

struct CallResult {
  cnx_status verdict = CNX_STATUS_OK;
  int64_t remote_code = 0;
  std::string message;  // remote message or why the call failed; never a secret
  std::string request_id;
  int64_t retry_after_ms = 0;
  int http_status = 0;            // 0 when the transport failed
  int attempts = 0;               // how many exchanges this call took
  int rate_limited_attempts = 0;  // how many of them were answered "rate limited"
  std::string body;
  std::vector<RecordRef> records;  // spans into `body`
  std::string next_page_token;     // empty on the last page
  int64_t total_count = -1;
  std::string item_errors_json;  // per-item failures inside a success envelope, or empty

  bool ok() const { return verdict == CNX_STATUS_OK; }
  std::string_view record(size_t i) const {
    return std::string_view(body).substr(records[i].offset, records[i].len);
  }
  std::string_view key(size_t i) const {
    return std::string_view(body).substr(records[i].key_offset, records[i].key_len);
  }
  // "REMOTE_STATUS (code N): message [request id R]" for error reports.
  std::string describe() const;
};

// THREADING: implementations say; the engine's real caller is used from many workers at once.
class RemoteCaller {
 public:
  virtual ~RemoteCaller() = default;
  // Makes the call, retrying as its policy allows, and returns the final outcome.
  virtual CallResult call(const CallRequest& request) = 0;
};

}  // namespace host::engine
