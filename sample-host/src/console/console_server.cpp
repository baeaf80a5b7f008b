#include "console/console_server.hpp"

#include <simdjson.h>

#include <json_writer/json_writer.hpp>

#include "console/console_http.hpp"
#include "console/metrics_endpoint.hpp"
#include "console/static_files.hpp"
#include "log/log_sink.hpp"

namespace host::console {
namespace {

bool changes_state(std::string_view method) {
  return method == "POST" || method == "PUT" || method == "DELETE" || method == "PATCH";
}

bool is_json_content_type(std::string_view type) {
  const std::string_view media = type.substr(0, type.find(';'));
  std::string lower;
  for (char c : media) {
    if (c != ' ') lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return lower == "application/json";
}

// Splits "a/b/c" into decoded segments; false for a malformed escape.
bool split_segments(std::string_view path, std::vector<std::string>& out) {
  while (!path.empty()) {
    const size_t slash = path.find('/');
    bool ok = false;
    out.push_back(percent_decode(path.substr(0, slash), &ok));
    if (!ok) return false;
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return true;
}

constexpr ApiHandler kApiHandlers[] = {&connectors_api,    &oauth_clients_api,    &connections_api,
                                       &authorization_api, &connection_views_api, &flows_api,
                                       &schedules_api};

}  // namespace

ConsoleServer::ConsoleServer(ConsoleOptions options)
    : options_(std::move(options)),
      attempts_(options_.authorization_timeout_seconds),
      runs_(options_.run_workers) {
  context_.paths = options_.paths;
  context_.flow_dir = options_.flow_dir;
  context_.attempts = &attempts_;
  context_.runs = &runs_;
  http::ListenerOptions listener_options;
  listener_options.address = options_.address;
  listener_options.port = options_.port;
  listener_options.max_body_bytes = kMaxBodyBytes;
  listener_options.tls_cert = options_.tls_cert;
  listener_options.tls_key = options_.tls_key;
  listener_options.threads = 4;
  listener_ = std::make_unique<http::Listener>(
      listener_options, [this](const http::IncomingRequest& request) { return handle(request); });
  const bool v6 = options_.address.find(':') != std::string::npos;
  context_.origin = std::string(options_.tls_cert.empty() ? "http://" : "https://") +
                    (v6 ? "[" : "") + options_.address + (v6 ? "]" : "") + ":" +
                    std::to_string(listener_->port());
}

ConsoleServer::~ConsoleServer() {
  if (listener_) listener_->stop();
}

uint16_t ConsoleServer::port() const { return listener_->port(); }

std::string ConsoleServer::access_url() const {
  if (options_.password) return context_.origin + "/";
  return context_.origin + "/?access=" + sessions_.access_token();
}

void ConsoleServer::stop() { listener_->stop(); }

http::OutgoingResponse ConsoleServer::handle(const http::IncomingRequest& request) {
  const std::string_view path = target_path(request.target);
  const bool is_api = path.starts_with("/api/");
  http::OutgoingResponse response;
  try {
    response = route(request);
  } catch (const std::exception& e) {
    log::error("console", request.method + " " + std::string(path) + ": " + e.what());
    response = is_api ? error_response(500, e.what())
                      : page_response(500, "Something went wrong", e.what());
  }
  add_security_headers(response, is_api);
  return response;
}

http::OutgoingResponse ConsoleServer::route(const http::IncomingRequest& request) {
  const std::string_view path = target_path(request.target);
  if (path == kCallbackPath) {
    if (request.method != "GET") return error_response(405, "the callback takes GET");
    const std::string cookie = cookie_value(request, kSessionCookie);
    const bool known = sessions_.csrf_token(cookie).has_value();
    return callback_response(context_, request, known ? cookie : std::string());
  }
  if (path == kMetricsPath) return metrics_response(request);  // no session: a scraper's
  if (path.starts_with("/api/")) return api(request, path);
  if (request.method != "GET" && request.method != "HEAD") {
    return error_response(405, "only GET serves pages");
  }
  if (path == "/" && request.target.find("access=") != std::string::npos && !options_.password) {
    return access(request);
  }
  if (auto file = static_file(options_.web_dir, path)) return std::move(*file);
  return page_response(404, "Not found", "There is no page at this address.");
}

http::OutgoingResponse ConsoleServer::access(const http::IncomingRequest& request) {
  const auto session = sessions_.redeem_access_token(query_parameter(request.target, "access"));
  if (!session) {
    log::warn("console",
              "refused an access token that is wrong or spent (from " + request.remote + ")");
    return page_response(403, "This access link is spent or wrong",
                         "Each link serve prints opens the console once. Restart connector-host "
                         "serve for a new one.");
  }
  http::OutgoingResponse response;
  response.status = 303;
  response.headers.push_back({"Location", "/"});
  log::info("console", "opened a session (from " + request.remote + ")");
  return with_session_cookie(std::move(response), *session);
}

http::OutgoingResponse ConsoleServer::with_session_cookie(http::OutgoingResponse response,
                                                          const std::string& session) const {
  response.headers.push_back({"Set-Cookie", std::string(kSessionCookie) + "=" + session +
                                                "; HttpOnly; SameSite=Strict; " + "Path=/" +
                                                (options_.tls_cert.empty() ? "" : "; Secure")});
  return response;
}

http::OutgoingResponse ConsoleServer::login(const http::IncomingRequest& request) {
  if (!options_.password) return error_response(404, "this console has no password: use the URL");
  if (request.method != "POST") return error_response(405, "login takes POST");
  if (!is_json_content_type(request.header("Content-Type"))) {
    return error_response(403, "login must be Content-Type: application/json");
  }
  simdjson::dom::parser parser;
  std::string_view password;
  if (parser.parse(request.body)["password"].get_string().get(password) != simdjson::SUCCESS) {
    return problems_response("the body must be {\"password\": \"...\"}",
                             {{"/password", "is required (a string)"}});
  }
  bool matches = false;
  {
    std::lock_guard lock(login_mutex_);
    matches = options_.password->matches(password);
  }
  if (!matches) {
    log::warn("console", "refused a login with a wrong password (from " + request.remote + ")");
    return error_response(401, "wrong password");
  }
  log::info("console", "opened a session by password (from " + request.remote + ")");
  http::OutgoingResponse response;
  response.status = 204;
  return with_session_cookie(std::move(response), sessions_.open_session());
}

http::OutgoingResponse ConsoleServer::api(const http::IncomingRequest& request,
                                          std::string_view path) {
  if (path == "/api/v1/login") return login(request);
  const std::string session_id = cookie_value(request, kSessionCookie);
  const auto csrf = sessions_.csrf_token(session_id);
  if (!csrf) {
    return error_response(401, "no console session: open the URL connector-host serve printed");
  }
  if (changes_state(request.method)) {
    if (!same_secret(request.header("X-CSRF-Token"), *csrf)) {
      return error_response(403,
                            "missing or wrong X-CSRF-Token header (GET /api/v1/session "
                            "gives the session's token)");
    }
    if (!is_json_content_type(request.header("Content-Type"))) {
      return error_response(403, "a state-changing request must be Content-Type: application/json");
    }
  }
  constexpr std::string_view kPrefix = "/api/v1/";
  if (!path.starts_with(kPrefix)) return error_response(404, "no such API (the API is /api/v1/)");
  ApiRequest api_request;
  api_request.method = request.method;
  api_request.target = request.target;
  api_request.body = request.body;
  api_request.session_id = session_id;
  if (!split_segments(path.substr(kPrefix.size()), api_request.segments)) {
    return error_response(400, "malformed percent-escape in the path");
  }
  if (route_is(api_request, "GET", {"session"})) {
    std::string body;
    jsonw::Writer(body).begin_object().field("csrf_token", *csrf).end_object();
    return json_response(200, std::move(body));
  }
  for (ApiHandler handler : kApiHandlers) {
    if (auto response = handler(context_, api_request)) return std::move(*response);
  }
  return error_response(404, "no such API route: " + request.method + " " + std::string(path));
}

bool route_is(const ApiRequest& request, std::string_view method,
              std::initializer_list<std::string_view> pattern) {
  if (request.method != method || request.segments.size() != pattern.size()) return false;
  size_t i = 0;
  for (std::string_view part : pattern) {
    if (part != "*" && request.segments[i] != part) return false;
    if (part == "*" && request.segments[i].empty()) return false;
    ++i;
  }
  return true;
}

}  // namespace host::console
