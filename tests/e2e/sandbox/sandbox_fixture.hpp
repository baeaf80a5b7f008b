// sandbox_fixture.hpp: an in-process sandbox with a test clock, plus a signed-call helper.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <simdjson.h>

#include <sandbox/server.hpp>

#include "http_test_client.hpp"

namespace sandbox_test {

// The tests' own HTTP client (tests/support), by short names.
using test_support::Headers;
using test_support::http_once;
using test_support::HttpConnection;
using test_support::HttpReply;
using test_support::url_encode;

// A parsed JSON answer that owns its parser.
struct Json {
  std::shared_ptr<simdjson::dom::parser> parser;
  simdjson::dom::element root;

  // The value at a JSON pointer ("/data/next_page_token"); "" / -1 when absent or mistyped.
  std::string str(std::string_view pointer) const;
  std::int64_t num(std::string_view pointer) const;
  simdjson::dom::array arr(std::string_view pointer) const;
  std::int64_t code() const { return num("/code"); }
};

// Parses or fails the current test.
Json parse_json(const std::string& text);

// Whether TikTok's reference pages give `method path` a shop_cipher (written from the docs'
// list, independently of the sandbox's route table). Shop-scoped is the rule; seller-level
// calls (authorization, seller, uploads, global products, compliance, custom brands, global
// warehouses) are the exceptions.
bool takes_shop_cipher(std::string_view method, std::string_view path);

// How one signed call deviates from a correct one; a designated initializer names the deviation
// (`{.send_cipher = false}`), so every member has an initializer.
struct CallOptions {
  std::string content_type = "application/json";
  bool send_token = true;
  std::string token{};                       // instead of the fixture's access token
  bool send_cipher = true;                   // on shop-scoped paths
  bool force_cipher = false;                 // send the cipher even where it is forbidden
  std::string cipher{};                      // instead of the first shop's cipher
  std::optional<std::int64_t> timestamp{};   // instead of the test clock's now
  std::string app_key{};                     // instead of the registered app key
  std::optional<std::string> sign{};         // sent instead of the computed sign
  std::optional<std::string> signed_body{};  // the body the sign covers, when not the sent one
};

// A multipart/form-data upload of one file part named "data" (as TikTok's upload calls take it):
// the body and the content type that names its boundary.
struct MultipartUpload {
  std::string content_type;
  std::string body;
};
MultipartUpload multipart_upload(const std::string& boundary, const std::string& filename,
                                 const std::string& content);

class SandboxTest : public ::testing::Test {
 protected:
  // Small data, no rate limit, the test clock.
  sandbox::SandboxOptions fast_options();
  void start(sandbox::SandboxOptions options);
  void TearDown() override;

  // Opens the authorize page; returns the Location header.
  std::string open_authorize_page(const std::string& service_id, const std::string& state);
  // The code in a redirect Location ("" if none).
  static std::string query_param(const std::string& url, const std::string& key);
  HttpReply token_get(const std::string& code, const std::string& secret);
  HttpReply token_refresh(const std::string& refresh_token);
  // Authorizes, exchanges the code and lists shops: fills access_token_, refresh_token_,
  // cipher_ (first shop) and second_cipher_.
  void sign_in();

  // A signed Open API call built by hand and signed by the test signer.
  HttpReply call(const std::string& method, const std::string& path,
                 std::map<std::string, std::string> query = {}, const std::string& body = "",
                 const CallOptions& options = {});

  // The ids of the returns Search Returns lists with this return_status: its first page of 50,
  // oldest first. Fails the test when the search does not answer code 0.
  std::vector<std::string> return_ids_with_status(const std::string& status);

  std::atomic<std::int64_t> now_{1700000000};
  sandbox::SandboxOptions options_;
  std::unique_ptr<sandbox::SandboxServer> server_;
  std::string access_token_, refresh_token_, cipher_, second_cipher_;
};

}  // namespace sandbox_test
