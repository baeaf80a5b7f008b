// engine_fake_caller.hpp: a scripted RemoteCaller and page builders for the engine's unit tests.
#pragma once

#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "engine/calls/remote_call.hpp"

namespace host::engine::testing {

// A response carrying `records` (JSON objects, each with an "id" member) and a next token.
inline CallResult make_page(const std::vector<std::string>& records, std::string next = {}) {
  CallResult r;
  r.body = "{\"data\":{\"items\":[";
  for (size_t i = 0; i < records.size(); ++i) {
    if (i) r.body += ",";
    RecordRef ref;
    ref.offset = r.body.size();
    ref.len = records[i].size();
    const size_t id = records[i].find("\"id\":");
    if (id != std::string::npos) {
      ref.key_offset = ref.offset + id + 5;
      const size_t end = records[i].find_first_of(",}", id + 5);
      ref.key_len = end - (id + 5);
    }
    r.body += records[i];
    r.records.push_back(ref);
  }
  r.body += "]}}";
  r.next_page_token = std::move(next);
  return r;
}

inline CallResult make_failure(cnx_status verdict, std::string message, int64_t code = 0) {
  CallResult r;
  r.verdict = verdict;
  r.message = std::move(message);
  r.remote_code = code;
  return r;
}

// Answers each call with `handler` and remembers every request. THREADING: any thread.
class FakeCaller : public RemoteCaller {
 public:
  explicit FakeCaller(std::function<CallResult(const CallRequest&)> handler)
      : handler_(std::move(handler)) {}
  CallResult call(const CallRequest& request) override {
    {
      std::lock_guard lock(mutex_);
      requests_.push_back(request);
    }
    CallResult r = handler_(request);
    r.attempts = 1;
    return r;
  }
  std::vector<CallRequest> requests() {
    std::lock_guard lock(mutex_);
    return requests_;
  }

 private:
  std::function<CallResult(const CallRequest&)> handler_;
  std::mutex mutex_;
  std::vector<CallRequest> requests_;
};

// The value of query parameter `key`, or "" when absent.
inline std::string query_value(const CallRequest& r, const std::string& key) {
  for (const auto& [k, v] : r.query) {
    if (k == key) return v;
  }
  return {};
}

}  // namespace host::engine::testing
