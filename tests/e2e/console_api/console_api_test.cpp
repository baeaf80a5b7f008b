// The console's JSON API without a browser: the security rules on every endpoint, field errors
// with pointers, the callback's refusals, and the whole life of a connection against the
// sandbox, with every answer searched for the secrets and tokens.
#include <gtest/gtest.h>

#include "console/password_hash.hpp"
#include "console_api_fixture.hpp"
#include "engine/flows/run/run_history.hpp"
#include "store/master_key_check.hpp"
#include "store/run_history.hpp"
#include "webhook/authorization_alerts.hpp"
#include "webhook/webhook_tables.hpp"

namespace console_api {
namespace {

// Every API route with a method, as docs/CONSOLE_API.md lists them.
const std::vector<std::pair<std::string, std::string>> kRoutes = {
    {"GET", "session"},
    {"GET", "connectors"},
    {"GET", "oauth-clients"},
    {"POST", "oauth-clients"},
    {"GET", "oauth-clients/e2e-app"},
    {"PUT", "oauth-clients/e2e-app"},
    {"GET", "connections"},
    {"POST", "connections"},
    {"GET", "connections/e2e-shop"},
    {"PUT", "connections/e2e-shop"},
    {"POST", "connections/e2e-shop/authorize"},
    {"POST", "connections/e2e-shop/test"},
    {"GET", "connections/e2e-shop/http"},
    {"GET", "connections/e2e-shop/webhooks"},
    {"GET", "connections/e2e-shop/webhooks/subscriptions"},
    {"GET", "flows"},
    {"POST", "flows/e2e-orders/runs"},
    {"GET", "runs"},
    {"GET", "runs/1"},
    {"GET", "runs/1/output"},
};

TEST_F(ConsoleApiTest, every_endpoint_refuses_a_request_without_a_session_with_401) {
  for (const auto& [method, path] : kRoutes) {
    const HttpReply reply =
        send(method, "/api/v1/" + path, {{"Content-Type", "application/json"}}, "{}");
    EXPECT_EQ(reply.status, 401) << method << " " << path;
    EXPECT_NE(reply.body.find("\"error\""), std::string::npos) << reply.body;
    EXPECT_EQ(reply.header("Cache-Control"), "no-store");
  }
  // A made-up cookie is no session either.
  EXPECT_EQ(send("GET", "/api/v1/connections", {{"Cookie", "cnx_session=00ff"}}).status, 401);
}

TEST_F(ConsoleApiTest, every_state_changing_endpoint_refuses_a_request_without_csrf_with_403) {
  log_in();
  for (const auto& [method, path] : kRoutes) {
    if (method == "GET") continue;
    const HttpReply none = send(method, "/api/v1/" + path,
                                {{"Cookie", cookie_}, {"Content-Type", "application/json"}}, "{}");
    EXPECT_EQ(none.status, 403) << method << " " << path << ": " << none.body;
    const HttpReply wrong = send(
        method, "/api/v1/" + path,
        {{"Cookie", cookie_}, {"X-CSRF-Token", csrf_ + "0"}, {"Content-Type", "application/json"}},
        "{}");
    EXPECT_EQ(wrong.status, 403) << method << " " << path;
    // A form post (what a cross-site page could send without CORS) is refused too.
    const HttpReply form =
        send(method, "/api/v1/" + path,
             {{"Cookie", cookie_}, {"X-CSRF-Token", csrf_}, {"Content-Type", "text/plain"}}, "{}");
    EXPECT_EQ(form.status, 403) << method << " " << path;
  }
}

TEST_F(ConsoleApiTest, a_body_over_64_kib_is_refused_with_413) {
  log_in();
  const std::string big = "{\"name\":\"" + std::string(size_t{65} * 1024, 'a') + "\"}";
  EXPECT_EQ(api("POST", "oauth-clients", big).status, 413);
  EXPECT_EQ(api("POST", "connections", big).status, 413);
}

TEST_F(ConsoleApiTest, the_access_token_opens_one_session_only) {
  const HttpReply first = send("GET", access_target_);
  ASSERT_EQ(first.status, 303);
  const std::string cookie = first.header("Set-Cookie");
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("Path=/"), std::string::npos) << cookie;
  const HttpReply again = send("GET", access_target_);
  EXPECT_EQ(again.status, 403);
  EXPECT_TRUE(again.header("Set-Cookie").empty());
  EXPECT_EQ(send("GET", "/?access=" + std::string(64, '0')).status, 403);
}

// docs/CONSOLE_API.md's policy, written out here so that a change to the server's shows.
constexpr const char* kPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

TEST_F(ConsoleApiTest, every_answer_carries_the_strict_content_security_policy) {
  log_in();
  for (const std::string& target : {std::string("/"), std::string("/api/v1/connections"),
                                    std::string("/no-such-page"), access_target_}) {
    const HttpReply reply = send("GET", target, {{"Cookie", cookie_}});
    EXPECT_EQ(reply.header("Content-Security-Policy"), kPolicy) << target;
    EXPECT_EQ(reply.header("X-Content-Type-Options"), "nosniff") << target;
    EXPECT_EQ(reply.header("Referrer-Policy"), "no-referrer") << target;
  }
  EXPECT_EQ(send("GET", "/").body, "<!doctype html><title>console</title>\n");
  EXPECT_EQ(send("GET", "/../state/state.db").status, 404);
}

TEST_F(ConsoleApiTest, a_bad_field_is_answered_422_with_its_json_pointer) {
  log_in();
  HttpReply reply = api("POST", "oauth-clients",
                        R"({"name":"e2e-app","connector":"tiktok-shop","service_region":"mars",)"
                        R"("client_id":"k","client_secret":"","service_id":"1"})");
  ASSERT_EQ(reply.status, 422) << reply.body;
  EXPECT_NE(reply.body.find(R"("pointer":"/service_region")"), std::string::npos) << reply.body;
  EXPECT_NE(reply.body.find(R"("pointer":"/client_secret")"), std::string::npos) << reply.body;
  ASSERT_EQ(api("POST", "oauth-clients", client_document()).status, 201);
  reply = api("POST", "connections", connection_document(R"(,"sandbox":"yes")"));
  ASSERT_EQ(reply.status, 422) << reply.body;
  EXPECT_NE(reply.body.find(R"("pointer":"/settings/sandbox")"), std::string::npos) << reply.body;
  // The connector's own validation comes back at the field it names: the app key must be the
  // client's.
  std::string other_key = connection_document();
  other_key.replace(other_key.find(connection_e2e::kAppKey),
                    std::string(connection_e2e::kAppKey).size(), "another_app_key");
  reply = api("POST", "connections", other_key);
  ASSERT_EQ(reply.status, 422) << reply.body;
  EXPECT_NE(reply.body.find(R"("pointer":"/settings/app_key")"), std::string::npos) << reply.body;
  reply = api("POST", "connections", "{not json");
  EXPECT_EQ(reply.status, 422) << reply.body;
}

TEST_F(ConsoleApiTest, a_forged_or_reused_callback_state_is_refused_and_stores_nothing) {
  log_in();
  ASSERT_EQ(api("POST", "oauth-clients", client_document()).status, 201);
  ASSERT_EQ(api("POST", "connections", connection_document()).status, 201);
  // No authorization started: nothing to tie a redirect to.
  EXPECT_EQ(send("GET", "/connection/oauth2callback?code=x&state=forged").status, 400);
  const HttpReply started = api("POST", "connections/e2e-shop/authorize", "{}");
  ASSERT_EQ(started.status, 200) << started.body;
  const std::string redirect = approve_at_sandbox(json_string(started.body, "authorize_url"));
  // A forged state, while the real attempt waits.
  std::string forged = redirect;
  forged.replace(forged.find("state=") + 6, 4, "ffff");
  const HttpReply refused = send("GET", forged, {{"Cookie", cookie_}});
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_FALSE(token_summary("e2e-shop").has_value());
  // The real one, then the same again.
  const HttpReply ok = send("GET", redirect, {{"Cookie", cookie_}});
  ASSERT_EQ(ok.status, 303) << ok.body;
  EXPECT_EQ(ok.location, "/#/connections/e2e-shop?authorized=1");
  const HttpReply reused = send("GET", redirect, {{"Cookie", cookie_}});
  EXPECT_EQ(reused.status, 409) << reused.body;
  // The page says why under one policy stricter than the console's: its stylesheet, no script,
  // image, form or frame at all.
  EXPECT_EQ(reused.header("Content-Security-Policy"),
            "default-src 'none'; style-src 'self'; frame-ancestors 'none'; form-action 'none'; "
            "base-uri 'none'");
  EXPECT_NE(reused.body.find("Back to the console"), std::string::npos) << reused.body;
  EXPECT_EQ(std::count_if(reused.headers.begin(), reused.headers.end(),
                          [](const auto& h) { return h.first == "Content-Security-Policy"; }),
            1);
}

TEST_F(ConsoleApiTest, the_whole_life_of_a_connection_never_sends_a_secret_or_a_token) {
  log_in();
  HttpReply reply = api("POST", "oauth-clients", client_document());
  ASSERT_EQ(reply.status, 201) << reply.body;
  EXPECT_NE(reply.body.find(R"("secret_fields_set":["client_secret"])"), std::string::npos);
  reply = api("PUT", "oauth-clients/e2e-app", client_document());
  ASSERT_EQ(reply.status, 200) << reply.body;
  reply = api("POST", "connections", connection_document());
  ASSERT_EQ(reply.status, 201) << reply.body;
  EXPECT_EQ(json_string(reply.body, "redirect_uri"), redirect_uri());
  EXPECT_EQ(json_string(reply.body, "state"), "not authorized");
  reply = api("PUT", "connections/e2e-shop", connection_document());
  ASSERT_EQ(reply.status, 200) << reply.body;

  reply = api("POST", "connections/e2e-shop/authorize", "{}");
  ASSERT_EQ(reply.status, 200) << reply.body;
  const std::string redirect = approve_at_sandbox(json_string(reply.body, "authorize_url"));
  reply = send("GET", redirect, {{"Cookie", cookie_}});
  ASSERT_EQ(reply.status, 303) << reply.body;

  reply = api("GET", "connections");
  ASSERT_EQ(reply.status, 200);
  EXPECT_EQ(json_string(reply.body, "state"), "authorized") << reply.body;
  const std::string shop_id = json_string(reply.body, "shop_id");
  const std::string cipher = json_string(reply.body, "cipher");
  EXPECT_FALSE(shop_id.empty()) << reply.body;
  EXPECT_FALSE(cipher.empty()) << reply.body;

  reply = api("POST", "connections/e2e-shop/test", "{}");
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(json_string(reply.body, "shop_id"), shop_id);
  reply = api("GET", "connections/e2e-shop");
  EXPECT_NE(reply.body.find(R"("secret_fields_set":["app_secret"])"), std::string::npos)
      << reply.body;

  reply = api("GET", "connections/e2e-shop/http");
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_NE(reply.body.find(sandbox_->base_url()), std::string::npos) << reply.body;
  reply = api("GET", "connections/e2e-shop/webhooks");
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_NE(reply.body.find(R"("inbox_total":0)"), std::string::npos) << reply.body;

  write("flows/orders.json", R"({"name": "e2e-orders", "connection": "e2e-shop", "kind": "export",
    "resource": "orders", "shop": ")" +
                                 shop_id + R"(", "page_size": 50,
    "window": {"field": "update", "lookback_seconds": 3456000, "slice_seconds": 345600},
    "output": "orders.jsonl"})");
  reply = api("GET", "flows");
  EXPECT_EQ(json_string(reply.body, "name"), "e2e-orders") << reply.body;
  reply = run_to_the_end("e2e-orders", R"({"mode":"delta"})");
  const std::string run_id = json_string(reply.body, "id");
  ASSERT_EQ(json_string(reply.body, "outcome"), "succeeded") << reply.body;
  const size_t records_at = reply.body.find("\"records\":");
  ASSERT_NE(records_at, std::string::npos);
  const long records = std::stol(reply.body.substr(records_at + 10));
  EXPECT_GT(records, 0) << reply.body;

  reply = api("GET", "runs?flow=e2e-orders");
  EXPECT_EQ(json_string(reply.body, "id"), run_id) << reply.body;
  EXPECT_EQ(api("GET", "runs?flow=other").body, "[]");
  reply = api("GET", "runs/" + run_id + "/output");
  ASSERT_EQ(reply.status, 200);
  EXPECT_EQ(static_cast<long>(std::count(reply.body.begin(), reply.body.end(), '\n')), records);
  EXPECT_NE(reply.header("Content-Disposition").find("attachment"), std::string::npos);

  // Nothing the console answered holds the app secret or either token.
  auto db = state_db();
  const auto record = host::store::find_connection(*db, "e2e-shop");
  ASSERT_TRUE(record);
  const auto box = host::store::open_verified_secret_box(*db, dir_ / "state");
  const auto tokens = host::store::read_tokens(*db, box.box, record->id);
  ASSERT_TRUE(tokens);
  const std::string access(tokens->tokens.access_token.view());
  const std::string refresh(tokens->tokens.refresh_token.view());
  ASSERT_FALSE(access.empty());
  EXPECT_EQ(all_answers_.find(connection_e2e::kAppSecret), std::string::npos);
  EXPECT_EQ(all_answers_.find(access), std::string::npos);
  EXPECT_EQ(all_answers_.find(refresh), std::string::npos);
}

// An authorization through the console answers the connection's webhook alerts, as
// `connector-host authorize` does.
TEST_F(ConsoleApiTest, an_authorization_clears_the_connections_webhook_alerts) {
  log_in();
  ASSERT_EQ(api("POST", "oauth-clients", client_document()).status, 201);
  ASSERT_EQ(api("POST", "connections", connection_document()).status, 201);
  {
    auto db = state_db();
    host::webhook::migrate_webhook_tables(*db);
    const host::webhook::VerifiedEvent event{"event-1", "SELLER_DEAUTHORIZATION", "", 1,
                                             CNX_WEBHOOK_EFFECT_DEAUTHORIZED};
    db->transaction([&] { host::webhook::record_authorization_alert(*db, "e2e-shop", event, 2); });
  }
  HttpReply reply = api("GET", "connections/e2e-shop");
  EXPECT_NE(reply.body.find(R"("alerts":[{)"), std::string::npos) << reply.body;

  reply = api("POST", "connections/e2e-shop/authorize", "{}");
  ASSERT_EQ(reply.status, 200) << reply.body;
  reply = send("GET", approve_at_sandbox(json_string(reply.body, "authorize_url")),
               {{"Cookie", cookie_}});
  ASSERT_EQ(reply.status, 303) << reply.body;
  reply = api("GET", "connections/e2e-shop");
  EXPECT_NE(reply.body.find(R"("alerts":[])"), std::string::npos) << reply.body;
  EXPECT_EQ(json_string(reply.body, "state"), "authorized") << reply.body;
}

// The runs API is the engine's run history: runs another front end recorded (an import that
// ended, an export still going) read like the console's own, newest first, with live counts;
// and a run the console starts is in that history as the console's.
TEST_F(ConsoleApiTest, runs_are_read_from_the_run_history_of_every_front_end) {
  log_in();
  write("results.jsonl", "{\"line\":1}\n{\"line\":2}\n");
  int64_t ended = 0;
  int64_t running = 0;
  {
    auto db = state_db();
    host::store::RunStart start{"cli-import", "", "import", "e2e-shop", "7001", "", "cli"};
    ended = host::store::begin_run(*db, start);
    host::store::RunEnd end;
    end.outcome = "records_failed";
    end.step = "records";
    end.counts.records = 5;
    end.counts.applied = 3;
    end.counts.skipped = 1;
    end.counts.failed = 1;
    end.counts.requests = 4;
    end.output = (dir_ / "results.jsonl").string();
    end.error = "1 of 5 records failed";
    host::store::finish_run(*db, ended, end);
    start = {"cli-export", "", "export", "e2e-shop", "7001", "all", "cli"};
    running = host::store::begin_run(*db, start);
    host::store::RunCounts counts;
    counts.records = 7;
    counts.pages = 2;
    counts.requests = 3;
    host::store::update_run_counts(*db, running, counts);
  }
  const std::string ended_id = std::to_string(ended);
  const std::string running_id = std::to_string(running);

  HttpReply reply = api("GET", "runs");
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.body.rfind("[{\"id\":\"" + running_id + "\",\"flow\":\"cli-export\"", 0), 0u)
      << reply.body;
  EXPECT_NE(reply.body.find("\"id\":\"" + ended_id + "\""), std::string::npos) << reply.body;
  reply = api("GET", "runs?flow=cli-import");
  EXPECT_EQ(reply.body.find("cli-export"), std::string::npos) << reply.body;

  reply = api("GET", "runs/" + ended_id);
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(json_string(reply.body, "outcome"), "records_failed") << reply.body;
  EXPECT_NE(
      reply.body.find(R"("counts":{"read":5,"applied":3,"skipped":1,"failed":1,"requests":4})"),
      std::string::npos)
      << reply.body;
  EXPECT_NE(reply.body.find(R"("error":"1 of 5 records failed")"), std::string::npos);
  EXPECT_NE(reply.body.find(R"("has_output":true)"), std::string::npos) << reply.body;
  reply = api("GET", "runs/" + ended_id + "/output");
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.body, "{\"line\":1}\n{\"line\":2}\n");

  reply = api("GET", "runs/" + running_id);
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(json_string(reply.body, "outcome"), "running") << reply.body;
  EXPECT_NE(reply.body.find(R"("ended_at":null)"), std::string::npos) << reply.body;
  EXPECT_NE(reply.body.find(R"("counts":{"records":7,"pages":2,"requests":3})"), std::string::npos)
      << reply.body;
  EXPECT_NE(reply.body.find(R"("progress":{"records":7,"pages":2,"requests":3,"errors":0,)"),
            std::string::npos)
      << reply.body;
  EXPECT_NE(reply.body.find(R"("has_output":false)"), std::string::npos) << reply.body;
  EXPECT_EQ(api("GET", "runs/" + running_id + "/output").status, 409);
  EXPECT_EQ(api("GET", "runs/not-a-run").status, 404);
  EXPECT_EQ(api("GET", "runs/" + std::to_string(running + 100)).status, 404);

  // A run of the console's own: of a connection the state does not hold, so it fails at once.
  write("flows/nobody.json", R"({"name": "nobody-orders", "connection": "nobody",
    "kind": "export", "resource": "orders", "shop": "7001", "output": "nobody.jsonl"})");
  reply = run_to_the_end("nobody-orders", R"({"mode":"all"})");
  const std::string run_id = json_string(reply.body, "id");
  EXPECT_EQ(json_string(reply.body, "outcome"), "failed") << reply.body;
  EXPECT_EQ(json_string(reply.body, "mode"), "all") << reply.body;
  host::engine::HostPaths paths;
  paths.state_dir = dir_ / "state";
  const auto recorded = host::engine::find_run(paths, std::stoll(run_id));
  ASSERT_TRUE(recorded.has_value());
  EXPECT_EQ(recorded->start.started_by, "console");
  EXPECT_EQ(recorded->start.flow, "nobody-orders");
}

}  // namespace
}  // namespace console_api

namespace console_api {
namespace {

TEST(ConsolePassword, a_configured_password_opens_sessions_and_the_access_url_opens_none) {
  test_support::TestDirectory scratch("console_password");
  host::console::ConsoleOptions options;
  options.paths.state_dir = scratch.path() / "state";
  options.paths.plugin_dir = CONNECTOR_PLUGIN_DIR;
  options.paths.manifest_dir = MANIFEST_DIR;
  options.port = 0;
  options.password = std::make_shared<const host::console::PasswordHash>("correct horse");
  host::console::ConsoleServer server(options);
  const uint16_t port = server.port();
  EXPECT_EQ(server.access_url(), "http://127.0.0.1:" + std::to_string(port) + "/");
  const test_support::Headers json = {{"Content-Type", "application/json"}};
  EXPECT_EQ(
      test_support::http_once(port, "POST", "/api/v1/login", json, R"({"password":"wrong horse"})")
          .status,
      401);
  EXPECT_EQ(test_support::http_once(port, "POST", "/api/v1/login", {{"Content-Type", "text/plain"}},
                                    R"({"password":"correct horse"})")
                .status,
            403);
  const HttpReply ok = test_support::http_once(port, "POST", "/api/v1/login", json,
                                               R"({"password":"correct horse"})");
  ASSERT_EQ(ok.status, 204) << ok.body;
  const std::string cookie = ok.header("Set-Cookie");
  EXPECT_NE(cookie.find("HttpOnly; SameSite=Strict"), std::string::npos) << cookie;
  const HttpReply session = test_support::http_once(
      port, "GET", "/api/v1/session", {{"Cookie", cookie.substr(0, cookie.find(';'))}});
  EXPECT_EQ(session.status, 200) << session.body;
}

}  // namespace
}  // namespace console_api
