// POST /api/v1/connections/NAME/authorize starts an authorization; GET
// /connection/oauth2callback on the same server finishes it. The engine's authorization steps
// do the work (authorization_steps.hpp), so the state is checked and the code exchanged exactly
// as `connector-host authorize` does; AuthorizationAttempts adds the console's rules (one use,
// ten minutes, the session that started it).

#include <json_writer/json_writer.hpp>

#include "console/authorization_attempts.hpp"
#include "console/console_http.hpp"
#include "console/console_server.hpp"
#include "engine/authorization/authorization_steps.hpp"
#include "log/log_sink.hpp"
#include "store/connection_tables.hpp"

namespace host::console {
namespace {

http::OutgoingResponse start(const ConsoleContext& context, const ApiRequest& request,
                             const std::string& name) {
  engine::HostState state(context.paths);
  if (!store::find_connection(state.db(), name)) {
    return error_response(404, "no connection named " + name);
  }
  engine::OpenedConnection opened = engine::open_stored_connection(state, name);
  engine::AuthorizationStart started;
  try {
    started = engine::start_authorization(opened);
  } catch (const engine::AuthorizationError& e) {
    return error_response(502, e.what());
  }
  const int64_t now = store::unix_now();
  context.attempts->add(started.state, name, request.session_id, now);
  std::string out;
  jsonw::Writer w(out);
  w.begin_object().field("authorize_url", started.authorize_url);
  w.field("redirect_uri", opened.record.redirect_uri);
  w.field("expires_at", now + kAttemptSeconds).end_object();
  return json_response(200, std::move(out));
}

// The redirect as read by the first connection with an attempt whose connector reads a state
// out of it that one of the attempts holds; *connection and *outcome are set then.
bool read_with_attempts(const ConsoleContext& context, std::string_view query,
                        std::string_view session_id, AttemptVerdict* verdict,
                        std::string* connection, engine::CallbackOutcome* outcome,
                        std::string* explanation) {
  *verdict = AttemptVerdict::kUnknown;
  for (const std::string& candidate : context.attempts->connections()) {
    engine::HostState state(context.paths);
    std::string why;
    engine::CallbackOutcome read;
    try {
      const engine::OpenedConnection opened = engine::open_stored_connection(state, candidate);
      read = engine::read_redirect({opened.connector, opened.handle.get()}, query, &why);
    } catch (const std::exception&) {
      continue;  // deleted since: its attempts cannot finish
    }
    if (!why.empty()) {
      *explanation = why;
      continue;
    }
    if (!read.state_present) continue;
    std::string taken;
    const AttemptVerdict judged =
        context.attempts->take(read.state, session_id, store::unix_now(), &taken);
    if (judged == AttemptVerdict::kUnknown) continue;
    *verdict = judged;
    *connection = taken;
    *outcome = std::move(read);
    return true;
  }
  return false;
}

http::OutgoingResponse refusal_page(AttemptVerdict verdict, const std::string& explanation) {
  switch (verdict) {
    case AttemptVerdict::kReused:
      return engine::callback_page(engine::CallbackVerdict::kReusedState, {});
    case AttemptVerdict::kExpired:
      return page_response(410, "This authorization expired",
                           "The redirect arrived more than ten minutes after the authorization "
                           "was started. Nothing was stored: start it again from the console.");
    case AttemptVerdict::kOtherSession:
      return page_response(400, "This authorization belongs to another session",
                           "The redirect carries a state another console session started. "
                           "Nothing was stored: start the authorization from this session.");
    default:
      break;
  }
  if (!explanation.empty())
    return engine::callback_page(engine::CallbackVerdict::kUnreadable, explanation);
  return engine::callback_page(engine::CallbackVerdict::kWrongState, {});
}

}  // namespace

http::OutgoingResponse callback_response(const ConsoleContext& context,
                                         const http::IncomingRequest& request,
                                         const std::string& session_id) {
  const size_t question = request.target.find('?');
  const std::string query =
      question == std::string::npos ? std::string() : request.target.substr(question + 1);
  AttemptVerdict verdict = AttemptVerdict::kUnknown;
  std::string name;
  std::string explanation;
  engine::CallbackOutcome outcome;
  if (!read_with_attempts(context, query, session_id, &verdict, &name, &outcome, &explanation) ||
      verdict != AttemptVerdict::kOurs) {
    log::warn("console", "refused an authorization redirect (from " + request.remote + ")");
    return refusal_page(verdict, explanation);
  }
  engine::HostState state(context.paths);
  try {
    engine::OpenedConnection opened = engine::open_stored_connection(state, name);
    http::Client http(engine::authorization_client_options(opened, {}));
    engine::finish_authorization(state, opened, http, outcome, {});
  } catch (const engine::AuthorizationError& e) {
    const bool refused = outcome.status == CNX_STATUS_REAUTHORIZE;
    return page_response(refused ? 403 : 502,
                         refused ? "The shop refused the authorization" : "Authorization failed",
                         e.what());
  }
  log::info("console", "authorized connection " + name);
  http::OutgoingResponse response;
  response.status = 303;
  response.headers.push_back({"Location", "/#/connections/" + name + "?authorized=1"});
  return response;
}

std::optional<http::OutgoingResponse> authorization_api(const ConsoleContext& context,
                                                        const ApiRequest& request) {
  if (route_is(request, "POST", {"connections", "*", "authorize"})) {
    return start(context, request, request.segments[1]);
  }
  return std::nullopt;
}

}  // namespace host::console
