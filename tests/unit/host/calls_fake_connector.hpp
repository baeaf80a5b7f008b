// calls_fake_connector.hpp: a connector made in the test, for the call path and the authorization
// area: a hand-made function table whose hooks each test sets, served through a LoadedConnector
// that says when it is gone, and counters of every output it handed out and got back.
//
// The table's functions are plain C pointers without user data, so the behaviour lives in one
// process-wide FakeConnectorState; tests reset it in SetUp (fake_connector_reset()).
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include <connector_abi/connector.hpp>

#include "engine/calls/connector_call.hpp"
#include "loader/connector_loader.hpp"

namespace host::testing {

// What a fake hook hands back: a status, an error message when it fails, and what it built.
struct FakeRequest {
  std::string method = "GET";
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;  // token requests only
};

struct FakeClassification {
  cnx_status verdict = CNX_STATUS_OK;
  int64_t remote_code = 0;
  std::string message;
  std::string request_id;
  std::string next_page_token;
  std::vector<cnx_record> records;
};

struct FakeTokens {
  std::string access_token;
  int64_t access_expires_at = 0;
  std::string refresh_token;
  int64_t refresh_expires_at = 0;
  std::string account_id;
  std::vector<std::string> scopes;
};

struct FakeCallback {
  cnx_status status = CNX_STATUS_OK;
  std::string code;
  std::string state;
  std::string error;
};

// A hook's answer: `status` OK with `value`, or a failure with `message` (and `remote_code`).
template <typename T>
struct FakeAnswer {
  cnx_status status = CNX_STATUS_OK;
  std::string message;
  int64_t remote_code = 0;
  T value{};
  bool no_output = false;  // report `status` but leave *out NULL
};

// A hook's failing answer.
template <typename T>
FakeAnswer<T> refusal(cnx_status status, std::string message, int64_t remote_code = 0) {
  FakeAnswer<T> a;
  a.status = status;
  a.message = std::move(message);
  a.remote_code = remote_code;
  return a;
}

// The request a hook saw, copied.
struct SeenRequest {
  std::string endpoint, method, url, body, content_type, access_token, scope_credential;
  int64_t timestamp = 0;
  std::map<std::string, std::string> query;
  std::map<std::string, std::string> path_params;
};

struct FakeConnectorState {
  std::mutex mutex;
  std::function<FakeAnswer<FakeRequest>(const SeenRequest&)> sign;
  std::function<FakeAnswer<FakeClassification>(int http_status, std::string_view body)> classify;
  std::function<FakeAnswer<FakeRequest>(cnx_token_grant, std::string_view credential)>
      token_request;
  std::function<FakeAnswer<FakeTokens>(int http_status, std::string_view body)> parse_tokens;
  std::function<FakeAnswer<FakeCallback>(std::string_view query)> parse_callback;

  std::vector<SeenRequest> signed_requests;  // every request sign_request saw
  std::atomic<int> outputs_live{0};          // handed out and not yet released
  std::atomic<int> outputs_released{0};
  std::atomic<int> released_after_unload{0};  // released while no LoadedConnector was alive
  std::atomic<int> connectors_alive{0};
};

FakeConnectorState& fake_connector_state();

// Clears every hook (a hook left unset answers INTERNAL) and every counter.
void fake_connector_reset();

// A LoadedConnector serving the fake table. While one lives, connectors_alive counts it.
std::shared_ptr<const loader::LoadedConnector> make_fake_connector();

// An opaque connection pointer for the fake table (it never looks behind it).
const cnx_connection* fake_connection();

// make_fake_connector() and fake_connection() together.
engine::ConnectorTarget fake_target();

// Sets one hook of the fake connector (under its lock), e.g.
// set_hook(&FakeConnectorState::sign, [](const SeenRequest&) { ... }).
template <typename Hook, typename Fn>
void set_hook(Hook FakeConnectorState::*member, Fn&& fn) {
  FakeConnectorState& s = fake_connector_state();
  std::lock_guard lock(s.mutex);
  s.*member = std::forward<Fn>(fn);
}

// The CallError `f` throws; a CallError with status OK and "nothing was thrown" when it returns.
template <typename F>
engine::CallError error_thrown_by(F&& f) {
  try {
    f();
  } catch (const engine::CallError& e) {
    return e;
  }
  return engine::CallError(CNX_STATUS_OK, "nothing was thrown");
}

}  // namespace host::testing
