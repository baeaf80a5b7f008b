// console_api.hpp: the JSON API under /api/v1 (docs/CONSOLE_API.md), one handler per group of
// routes. A handler answers the routes it owns and returns nullopt for the others.
//
// Every handler opens its own engine::HostState (a SQLite connection is one thread's), so that
// requests on the listener's threads never share one.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "engine/connections/host_paths.hpp"
#include "http/http_listener.hpp"

namespace host::console {

class AuthorizationAttempts;
class ConsoleRuns;

struct ConsoleContext {
  engine::HostPaths paths;
  std::string origin;  // "http://127.0.0.1:8080": where the console and its callback are
  std::filesystem::path flow_dir;
  AuthorizationAttempts* attempts = nullptr;
  ConsoleRuns* runs = nullptr;
};

// One API call, after the session and CSRF checks.
struct ApiRequest {
  std::string method;
  std::vector<std::string> segments;  // the path after /api/v1/, split on '/', decoded
  std::string target;                 // the whole target, for query parameters
  std::string body;
  std::string session_id;
};

// One handler (see the top of this file); each group of routes below is declared as one.
using ApiHandlerFn = std::optional<http::OutgoingResponse>(const ConsoleContext& context,
                                                           const ApiRequest& request);
using ApiHandler = ApiHandlerFn*;

ApiHandlerFn connectors_api;
ApiHandlerFn oauth_clients_api;
ApiHandlerFn connections_api;
ApiHandlerFn authorization_api;
ApiHandlerFn connection_views_api;
ApiHandlerFn flows_api;
ApiHandlerFn schedules_api;

// GET /connection/oauth2callback: judges the redirect against the console's attempts and, for
// the attempt it belongs to, finishes the authorization. `session_id`: the request's valid
// session, or empty.
http::OutgoingResponse callback_response(const ConsoleContext& context,
                                         const http::IncomingRequest& request,
                                         const std::string& session_id);

// True when the request is METHOD on exactly these segments ("*" matches any one segment).
bool route_is(const ApiRequest& request, std::string_view method,
              std::initializer_list<std::string_view> pattern);

}  // namespace host::console
