#include "console/metrics_endpoint.hpp"

#include "console/console_http.hpp"
#include "http/plain_http_policy.hpp"
#include "log/log_sink.hpp"
#include "metrics/host_metrics.hpp"
#include "metrics/text_exposition.hpp"

namespace host::console {
namespace {

http::OutgoingResponse text_response(int status, std::string body) {
  http::OutgoingResponse response;
  response.status = status;
  response.headers.push_back({"Content-Type", "text/plain; charset=utf-8"});
  response.body = std::move(body);
  return response;
}

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
    http::OutgoingResponse refused = text_response(405, "/metrics takes GET\n");
    refused.headers.push_back({"Allow", "GET"});
    return refused;
  }
  const bool forwarded =
      !request.header("Forwarded").empty() || !request.header("X-Forwarded-For").empty();
  if (!is_loopback_peer(request.remote) || forwarded) {
    log::warn("console", "refused /metrics to " + request.remote +
                             (forwarded ? " (forwarded by a proxy)" : "") +
                             ": it is served to loopback scrapers only");
    return text_response(403,
                         "/metrics is served to scrapers on this machine only (a loopback peer, "
                         "not forwarded by a proxy)\n");
  }
  http::OutgoingResponse response;
  response.headers.push_back({"Content-Type", std::string(metrics::kTextContentType)});
  response.body = metrics::host_metrics().registry.render();
  return response;
}

}  // namespace host::console
