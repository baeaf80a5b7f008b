// metrics_endpoint.hpp: GET /metrics, the process's metrics (metrics/host_metrics.hpp) in
// Prometheus's text format, for a scraper on the same machine.
//
// Who may read it: a scraper carries no console session, so /metrics takes none; it answers
// only requests from a loopback peer (127.0.0.0/8, ::1) that no proxy forwarded (no Forwarded
// or X-Forwarded-For header: a reverse proxy on the same machine would make every remote
// client look local). Everything else gets 403. The metrics hold no secret, shop, connection or
// URL (host_metrics.hpp says which labels there are), but counts tell how busy a seller is, so
// they stay on the machine unless its owner forwards them deliberately (docs/CONSOLE_API.md).
#pragma once

#include "http/http_listener.hpp"

namespace host::console {

inline constexpr std::string_view kMetricsPath = "/metrics";

// True when `remote` ("127.0.0.1:5000", "[::1]:5000": the listener's peer) is a loopback address.
bool is_loopback_peer(std::string_view remote);

// The answer to a request for kMetricsPath: 200 with the text exposition, 403 (see the top of
// this file) or 405 for a method other than GET.
http::OutgoingResponse metrics_response(const http::IncomingRequest& request);

}  // namespace host::console
