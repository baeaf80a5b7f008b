// POST /api/v1/connections/NAME/authorize starts an authorization; GET
// /connection/oauth2callback on the same server finishes it. The engine's authorization steps
// do the work (authorization_steps.hpp), so the state is checked and the code exchanged exactly
// as `connector-host authorize` does; AuthorizationAttempts adds the console's rules (one use,
// a lifetime, the session that started it).

#include <json_writer/json_writer.hpp>

#include "console/authorization_attempts.hpp"
#include "console/console_http.hpp"
#include "console/console_server.hpp"
#include "engine/authorization/authorization_steps.hpp"
#include "log/log_sink.hpp"
#include "store/connection_tables.hpp"

namespace host::console {
namespace {

constexpr std::string_view kCallbackPagePolicy =
    "default-src 'none'; style-src 'self'; frame-ancestors 'none'; form-action 'none'; "
    "base-uri 'none'";

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
  w.field("expires_at", now + context.attempts->lifetime_seconds()).end_object();
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

// "10 minutes", "90 seconds", "1 second": a lifetime as the expired page says it.
std::string spoken_duration(int64_t seconds) {
  const bool minutes = seconds >= 60 && seconds % 60 == 0;
  const int64_t count = minutes ? seconds / 60 : seconds;
  std::string out = std::to_string(count);
  out += minutes ? " minute" : " second";
  if (count != 1) out += 's';
  return out;
}

// A page that answers the callback: the console's page under a policy stricter than the
// console's (its stylesheet and nothing else: no script, image, form or frame).
http::OutgoingResponse callback_answer(int status, std::string_view heading,
                                       std::string_view text) {
  http::OutgoingResponse response = page_response(status, heading, text);
  response.headers.push_back({"Content-Security-Policy", std::string(kCallbackPagePolicy)});
  return response;
}

// The console's own pages for a redirect it refuses (the engine's callback pages speak to a
// terminal's `connector-host authorize`): what happened, that nothing was stored, and the way
// back to the console.
http::OutgoingResponse refusal_page(AttemptVerdict verdict, int64_t lifetime_seconds,
                                    const std::string& explanation) {
  switch (verdict) {
    case AttemptVerdict::kReused:
      return callback_answer(409, "Reused state: redirect ignored",
                             "This authorization was already answered; its state cannot be used "
                             "twice. Nothing was changed: the connection's page shows where it "
                             "stands.");
    case AttemptVerdict::kExpired:
      return callback_answer(410, "This authorization expired",
                             "The redirect arrived more than " + spoken_duration(lifetime_seconds) +
                                 " after the authorization was started. Nothing was stored: start "
                                 "it again from the console.");
    case AttemptVerdict::kOtherSession:
      return callback_answer(400, "This authorization belongs to another session",
                             "The redirect carries a state another console session started. "
                             "Nothing was stored: start the authorization from this session.");
    default:
      break;
  }
  if (!explanation.empty()) {
    return callback_answer(400, "Unreadable redirect: ignored",
                           "The redirect could not be read (" + explanation +
                               "). Nothing was stored: start the authorization again from the "
                               "console.");
  }
  return callback_answer(400, "Wrong state: redirect ignored",
                         "No authorization started from this console has this redirect's state: "
                         "it belongs to another console or was forged. Nothing was stored.");
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
    return refusal_page(verdict, context.attempts->lifetime_seconds(), explanation);
  }
  engine::HostState state(context.paths);
  try {
    engine::OpenedConnection opened = engine::open_stored_connection(state, name);
    http::Client http(engine::authorization_client_options(opened, {}));
    engine::finish_authorization(state, opened, http, outcome, {});
  } catch (const engine::AuthorizationError& e) {
    const bool refused = outcome.status == CNX_STATUS_REAUTHORIZE;
    return callback_answer(refused ? 403 : 502,
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
