#include "console/metrics_endpoint.hpp"

#include "console/console_http.hpp"
#include "http/plain_http_policy.hpp"
#include "log/log_sink.hpp"
#include "metrics/host_metrics.hpp"
#include "metrics/text_exposition.hpp"

namespace host::console {
namespace {

constexpr std::string_view kPlainText = "text/plain; charset=utf-8";

}  // namespace

bool is_loopback_peer(std::string_view remote) {
  std::string_view host = remote;
  if (host.starts_with('[')) {
    host = host.substr(1, host.find(']') == std::string_view::npos ? 0 : host.find(']') - 1);
  } else {
    host = host.substr(0, host.rfind(':'));
  }
  return !host.empty() && host != "localhost" && http::is_loopback_host(host);
}

http::OutgoingResponse metrics_response(const http::IncomingRequest& request) {
  if (request.method != "GET") {
    http::OutgoingResponse refused = body_response(405, kPlainText, "/metrics takes GET\n");
    refused.headers.push_back({"Allow", "GET"});
    return refused;
  }
  const bool forwarded =
      !request.header("Forwarded").empty() || !request.header("X-Forwarded-For").empty();
  if (!is_loopback_peer(request.remote) || forwarded) {
    log::warn("console", "refused /metrics to " + request.remote +
                             (forwarded ? " (forwarded by a proxy)" : "") +
                             ": it is served to loopback scrapers only");
    return body_response(403, kPlainText,
                         "/metrics is served to scrapers on this machine only (a loopback peer, "
                         "not forwarded by a proxy)\n");
  }
  return body_response(200, metrics::kTextContentType, metrics::host_metrics().registry.render());
}

}  // namespace host::console
