// console_api_fixture.hpp: the console's server (console::ConsoleServer, in-process) on the
// port the in-process sandbox redirects to, a browser-like client (cookie, CSRF header) and
// every answer kept, so that a test can search them all for secrets.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "connection_e2e_fixture.hpp"
#include "console/console_server.hpp"
#include "http_test_client.hpp"

namespace console_api {

using test_support::HttpReply;

class ConsoleApiTest : public connection_e2e::ConnectionE2eTest {
 protected:
  void SetUp() override {
    ConnectionE2eTest::SetUp();
    start_sandbox();
    std::filesystem::create_directories(dir_ / "web");
    std::filesystem::create_directories(dir_ / "flows");
    write("web/index.html", "<!doctype html><title>console</title>\n");
    host::console::ConsoleOptions options;
    options.paths.state_dir = dir_ / "state";
    options.paths.plugin_dir = CONNECTOR_PLUGIN_DIR;
    options.paths.manifest_dir = MANIFEST_DIR;
    options.port = callback_port_;  // the sandbox redirects to redirect_uri() on this port
    options.web_dir = dir_ / "web";
    options.flow_dir = dir_ / "flows";
    options.run_workers = run_workers_;
    server_ = std::make_unique<host::console::ConsoleServer>(options);
    access_target_ = server_->access_url().substr(server_->access_url().find("/?access="));
  }
  void TearDown() override {
    server_.reset();
    run_workers_.reset();  // waits for the runs going, before the sandbox stops
    ConnectionE2eTest::TearDown();
  }

  // A raw request to the console, kept in all_answers_.
  HttpReply send(const std::string& method, const std::string& target,
                 const test_support::Headers& headers = {}, const std::string& body = "") {
    HttpReply reply = test_support::http_once(callback_port_, method, target, headers, body);
    all_answers_ += reply.body;
    for (const auto& [name, value] : reply.headers) {
      all_answers_.append(name).append(": ").append(value).append("\n");
    }
    return reply;
  }

  // Opens a session as the browser does with the printed URL.
  void log_in() {
    const HttpReply reply = send("GET", access_target_);
    ASSERT_EQ(reply.status, 303) << reply.body;
    const std::string set_cookie = reply.header("Set-Cookie");
    cookie_ = set_cookie.substr(0, set_cookie.find(';'));
    const HttpReply session = send("GET", "/api/v1/session", {{"Cookie", cookie_}});
    ASSERT_EQ(session.status, 200) << session.body;
    const size_t start = session.body.find(":\"") + 2;
    csrf_ = session.body.substr(start, session.body.find('"', start) - start);
  }

  // An API call with the session's cookie and, for every method, the CSRF header.
  HttpReply api(const std::string& method, const std::string& path, const std::string& body = "") {
    test_support::Headers headers = {{"Cookie", cookie_}};
    if (method != "GET") {
      headers.push_back({"X-CSRF-Token", csrf_});
      headers.push_back({"Content-Type", "application/json"});
    }
    return send(method, "/api/v1/" + path, headers, body);
  }

  std::string client_document() const {
    return std::string(
               R"({"name":"e2e-app","connector":"tiktok-shop","service_region":"non_us",)") +
           R"("client_id":")" + connection_e2e::kAppKey + R"(","client_secret":")" +
           connection_e2e::kAppSecret + R"(","service_id":")" + connection_e2e::kServiceId + "\"}";
  }

  std::string connection_document(const std::string& extra_settings = "") const {
    const std::string base = sandbox_->base_url();
    return R"({"name":"e2e-shop","connector":"tiktok-shop","oauth_client":"e2e-app",)"
           R"("settings":{"app_key":")" +
           std::string(connection_e2e::kAppKey) + R"(","api_base_url":")" + base +
           R"(","auth_base_url":")" + base + R"(","authorize_url":")" + base +
           R"(/open/authorize","sandbox":true)" + extra_settings +
           R"(},"secrets":{"app_secret":")" + connection_e2e::kAppSecret + "\"}}";
  }

  // The value of "key":"..." in a JSON text (the tests' documents are small and flat enough).
  static std::string json_string(const std::string& json, const std::string& key) {
    const std::string needle = "\"" + key + "\":\"";
    const size_t start = json.find(needle);
    if (start == std::string::npos) return {};
    const size_t from = start + needle.size();
    return json.substr(from, json.find('"', from) - from);
  }

  // GET runs/RUN_ID until the run is no longer queued or running (or `seconds` passed): its last
  // answer.
  HttpReply wait_for_run(const std::string& run_id, int seconds) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    HttpReply reply;
    do {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      reply = api("GET", "runs/" + run_id);
    } while ((json_string(reply.body, "outcome") == "running" ||
              json_string(reply.body, "outcome") == "queued") &&
             std::chrono::steady_clock::now() < deadline);
    return reply;
  }

  // Creates the OAuth client and the connection (with `extra_settings`), and authorizes the
  // connection through the sandbox as the browser would.
  void create_and_authorize(const std::string& extra_settings = "") {
    ASSERT_EQ(api("POST", "oauth-clients", client_document()).status, 201);
    ASSERT_EQ(api("POST", "connections", connection_document(extra_settings)).status, 201);
    const HttpReply started = api("POST", "connections/e2e-shop/authorize", "{}");
    ASSERT_EQ(started.status, 200) << started.body;
    const HttpReply back =
        send("GET", approve_at_sandbox(json_string(started.body, "authorize_url")),
             {{"Cookie", cookie_}});
    ASSERT_EQ(back.status, 303) << back.body;
  }

  // Plays the browser through the sandbox's authorize page: returns the redirect's target on
  // the console (path and query).
  std::string approve_at_sandbox(const std::string& authorize_url) {
    const std::string base = sandbox_->base_url();
    EXPECT_EQ(authorize_url.rfind(base, 0), 0u) << authorize_url;
    const uint16_t sandbox_port =
        static_cast<uint16_t>(std::stoi(base.substr(base.rfind(':') + 1)));
    const HttpReply page =
        test_support::http_once(sandbox_port, "GET", authorize_url.substr(base.size()));
    EXPECT_EQ(page.status / 100, 3) << page.body;
    const std::string origin = "http://127.0.0.1:" + std::to_string(callback_port_);
    EXPECT_EQ(page.location.rfind(origin, 0), 0u) << page.location;
    return page.location.substr(origin.size());
  }

  // Saves the OAuth client and the connection e2e-shop through the API and authorizes it at the
  // sandbox, as a person does in the console; returns the shop id it was authorized for.
  std::string authorize_through_console() {
    EXPECT_EQ(api("POST", "oauth-clients", client_document()).status, 201);
    EXPECT_EQ(api("POST", "connections", connection_document()).status, 201);
    HttpReply reply = api("POST", "connections/e2e-shop/authorize", "{}");
    EXPECT_EQ(reply.status, 200) << reply.body;
    const std::string redirect = approve_at_sandbox(json_string(reply.body, "authorize_url"));
    EXPECT_EQ(send("GET", redirect, {{"Cookie", cookie_}}).status, 303);
    reply = api("GET", "connections");
    EXPECT_EQ(json_string(reply.body, "state"), "authorized") << reply.body;
    return json_string(reply.body, "shop_id");
  }

  // Starts a run of `flow` through the API and waits (up to two minutes) until it has ended;
  // returns the run's document (GET /api/v1/runs/ID).
  HttpReply run_to_the_end(const std::string& flow, const std::string& body) {
    const HttpReply started = api("POST", "flows/" + flow + "/runs", body);
    EXPECT_EQ(started.status, 202) << started.body;
    return wait_for_run(json_string(started.body, "run_id"), 120);
  }

  // Set before SetUp(): the workers the console's runs go to (null: the console's own).
  std::shared_ptr<host::engine::RunWorkers> run_workers_;
  std::unique_ptr<host::console::ConsoleServer> server_;
  std::string access_target_;
  std::string cookie_;
  std::string csrf_;
  std::string all_answers_;
};

}  // namespace console_api
