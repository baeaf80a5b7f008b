#include "engine/flows/paging_loop.hpp"

#include <cstdint>

namespace host::engine {

PagingOutcome page_through(RemoteCaller& caller, const std::optional<PagingSpec>& paging,
                           int64_t page_size, const CallRequest& first,
                           const std::function<bool(const CallResult&)>& on_page) {
  PagingOutcome outcome;
  CallRequest request = first;
  size_t token_slot = SIZE_MAX;
  if (paging) {
    request.query.emplace_back(paging->size_param, std::to_string(page_size));
  }
  std::string token;
  while (true) {
    CallResult page = caller.call(request);
    if (!page.ok()) {
      outcome.ok = false;
      outcome.failure = std::move(page);
      return outcome;
    }
    ++outcome.pages;
    outcome.records += page.records.size();
    if (!on_page(page)) {
      outcome.stopped_early = true;
      return outcome;
    }
    if (!paging || page.next_page_token.empty()) return outcome;
    if (page.next_page_token == token) {
      outcome.ok = false;
      outcome.failure.verdict = CNX_STATUS_PERMANENT;
      outcome.failure.message = "the remote side returned the same page token twice";
      return outcome;
    }
    if (paging->max_results > 0 && outcome.records >= static_cast<uint64_t>(paging->max_results)) {
      outcome.ok = false;
      outcome.failure.verdict = CNX_STATUS_PERMANENT;
      outcome.failure.message = "a query reached the endpoint's cap of " +
                                std::to_string(paging->max_results) +
                                " results with more to come; lower window.slice_seconds so each "
                                "slice holds fewer records";
      return outcome;
    }
    token = std::move(page.next_page_token);
    if (token_slot == SIZE_MAX) {
      token_slot = request.query.size();
      request.query.emplace_back(paging->token_param, token);
    } else {
      request.query[token_slot].second = token;
    }
  }
}

}  // namespace host::engine
