// export_request.hpp: the requests an export sends, built from the catalog and the flow.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/calls/remote_call.hpp"
#include "engine/flows/export/export_slices.hpp"
#include "engine/flows/flow_catalog.hpp"
#include "engine/flows/flow_manifest.hpp"

namespace host::engine {

// Builds the first-page request of each slice: the endpoint's fixed query, the flow's filters
// (JSON body fields, or query parameters for endpoints without a body), and the slice's window
// in the fields the catalog names (an inclusive upper bound gets `to - 1`).
// THREADING: immutable after construction; use from any thread.
class ExportRequestBuilder {
 public:
  // ERRORS: throws std::runtime_error naming the flow file when `filters_json` is unusable.
  ExportRequestBuilder(const EndpointSpec& endpoint, const FlowManifest& flow,
                       std::string scope_credential);

  // The request for `slice` (nullopt: the endpoint has no time window).
  CallRequest for_slice(const std::optional<TimeSlice>& slice) const;

  // The detail request for a batch of keys (search + detail chains).
  CallRequest for_detail(const DetailSpec& detail, const std::vector<std::string>& keys) const;

 private:
  const EndpointSpec& endpoint_;
  std::optional<WindowFields> window_;
  bool window_in_query_ = false;
  bool body_ = true;  // the endpoint takes a JSON body (not GET/DELETE-without-body)
  std::vector<std::pair<std::string, std::string>> filters_;  // key -> minified JSON value
  std::string scope_credential_;
};

}  // namespace host::engine
