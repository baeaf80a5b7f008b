// call_counts.hpp: how many exchanges a flow run had with the remote side, counted by wrapping
// its RemoteCaller.
#pragma once

#include <atomic>
#include <cstdint>

#include "engine/calls/remote_call.hpp"

namespace host::engine {

struct CallCounts {
  uint64_t calls = 0;     // calls the run made (a page, a detail batch, a record's write)
  uint64_t requests = 0;  // exchanges those took, retries included
  uint64_t retries = 0;   // requests - calls: repeats after a retryable answer
  // Calls whose final answer was "rate limited" (HTTP 429 or the remote side's code for it)
  // after every retry. A 429 that a retry got past is only a retry: RemoteCaller reports the
  // final outcome of a call, not each attempt's.
  uint64_t rate_limited = 0;
  // Answers "rate limited" among all the requests, those a retry got past included.
  uint64_t rate_limited_answers = 0;
};

// Counts the calls through `inner`. THREADING: as thread-safe as `inner`; counts are atomic.
// OWNERSHIP: borrows `inner`.
class CountingCaller : public RemoteCaller {
 public:
  explicit CountingCaller(RemoteCaller& inner) : inner_(inner) {}
  CallResult call(const CallRequest& request) override {
    CallResult result = inner_.call(request);
    const uint64_t attempts = result.attempts > 0 ? static_cast<uint64_t>(result.attempts) : 1;
    calls_.fetch_add(1);
    requests_.fetch_add(attempts);
    retries_.fetch_add(attempts - 1);
    if (result.verdict == CNX_STATUS_RATE_LIMITED) rate_limited_.fetch_add(1);
    rate_limited_answers_.fetch_add(static_cast<uint64_t>(result.rate_limited_attempts));
    return result;
  }
  CallCounts counts() const {
    return {calls_.load(), requests_.load(), retries_.load(), rate_limited_.load(),
            rate_limited_answers_.load()};
  }

 private:
  RemoteCaller& inner_;
  std::atomic<uint64_t> calls_{0};
  std::atomic<uint64_t> requests_{0};
  std::atomic<uint64_t> retries_{0};
  std::atomic<uint64_t> rate_limited_{0};
  std::atomic<uint64_t> rate_limited_answers_{0};
};

}  // namespace host::engine
