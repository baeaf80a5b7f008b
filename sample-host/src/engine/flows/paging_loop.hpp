// paging_loop.hpp: walks one query through its pages with the catalog's paging spec.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>

#include "engine/calls/remote_call.hpp"
#include "engine/flows/flow_catalog.hpp"

namespace host::engine {

struct PagingOutcome {
  bool ok = true;
  CallResult failure;  // the failed page's result when !ok
  uint64_t pages = 0;
  uint64_t records = 0;        // records of the pages handed to on_page
  bool stopped_early = false;  // on_page asked to stop
};

// Sends `first` (plus the page size when the endpoint pages), hands each successful page to
// `on_page`, and follows next_page_token through `paging.token_param` until it is empty or
// on_page returns false. An unpaged endpoint (`paging` empty) makes exactly one call.
// A page that comes back with the same token it was asked with is an error (it would loop
// forever), and so is a query that passes `paging.max_results` with more pages to go (the remote
// side would cut it short silently). `on_page` may throw; the exception propagates.
PagingOutcome page_through(RemoteCaller& caller, const std::optional<PagingSpec>& paging,
                           int64_t page_size, const CallRequest& first,
                           const std::function<bool(const CallResult&)>& on_page);

}  // namespace host::engine
