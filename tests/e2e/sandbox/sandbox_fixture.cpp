// sandbox_fixture.cpp: starting sandboxes and building signed calls for the tests.
#include "sandbox_fixture.hpp"

#include "test_signer.hpp"

namespace sandbox_test {

Json parse_json(const std::string& text) {
  Json j;
  j.parser = std::make_shared<simdjson::dom::parser>();
  const auto error = j.parser->parse(simdjson::padded_string(text)).get(j.root);
  EXPECT_EQ(error, simdjson::SUCCESS) << "not JSON: " << text;
  return j;
}

std::string Json::str(std::string_view pointer) const {
  std::string_view v;
  if (root.at_pointer(pointer).get_string().get(v) != simdjson::SUCCESS) return "";
  return std::string(v);
}

std::int64_t Json::num(std::string_view pointer) const {
  std::int64_t v = -1;
  if (root.at_pointer(pointer).get_int64().get(v) != simdjson::SUCCESS) return -1;
  return v;
}

simdjson::dom::array Json::arr(std::string_view pointer) const {
  simdjson::dom::array a;
  EXPECT_EQ(root.at_pointer(pointer).get_array().get(a), simdjson::SUCCESS) << pointer;
  return a;
}

sandbox::SandboxOptions SandboxTest::fast_options() {
  sandbox::SandboxOptions o;
  o.orders = 57;
  o.products = 33;
  o.returns = 24;
  o.cancellations = 21;
  o.packages = 20;
  o.statements = 12;
  o.rate_limit_per_second = 0;
  o.io_threads = 2;
  o.clock = [this] { return now_.load(); };
  return o;
}

void SandboxTest::start(sandbox::SandboxOptions options) {
  options_ = options;
  server_ = std::make_unique<sandbox::SandboxServer>(std::move(options));
  std::string error;
  ASSERT_TRUE(server_->start(&error)) << error;
}

void SandboxTest::TearDown() {
  if (server_) server_->stop();
}

std::string SandboxTest::open_authorize_page(const std::string& service_id,
                                             const std::string& state) {
  const auto reply = http_once(
      server_->port(), "GET",
      "/open/authorize?service_id=" + url_encode(service_id) + "&state=" + url_encode(state));
  if (reply.status != 302) return "";
  return reply.location;
}

std::string SandboxTest::query_param(const std::string& url, const std::string& key) {
  const size_t q = url.find('?');
  if (q == std::string::npos) return "";
  std::string rest = url.substr(q + 1);
  size_t pos = 0;
  while (pos <= rest.size()) {
    const size_t amp = rest.find('&', pos);
    const std::string part =
        rest.substr(pos, amp == std::string::npos ? std::string::npos : amp - pos);
    if (part.rfind(key + "=", 0) == 0) return part.substr(key.size() + 1);
    if (amp == std::string::npos) break;
    pos = amp + 1;
  }
  return "";
}

HttpReply SandboxTest::token_get(const std::string& code, const std::string& secret) {
  return http_once(server_->port(), "GET",
                   "/api/v2/token/get?app_key=" + url_encode(options_.app_key) +
                       "&app_secret=" + url_encode(secret) + "&auth_code=" + url_encode(code) +
                       "&grant_type=authorized_code");
}

HttpReply SandboxTest::token_refresh(const std::string& refresh_token) {
  return http_once(server_->port(), "GET",
                   "/api/v2/token/refresh?app_key=" + url_encode(options_.app_key) +
                       "&app_secret=" + url_encode(options_.app_secret) +
                       "&refresh_token=" + url_encode(refresh_token) + "&grant_type=refresh_token");
}

void SandboxTest::sign_in() {
  const std::string location = open_authorize_page(options_.service_id, "s1");
  ASSERT_FALSE(location.empty());
  const auto reply = token_get(query_param(location, "code"), options_.app_secret);
  const Json token = parse_json(reply.body);
  ASSERT_EQ(token.code(), 0) << reply.body;
  access_token_ = token.str("/data/access_token");
  refresh_token_ = token.str("/data/refresh_token");
  const auto shops_reply = call("GET", "/authorization/202309/shops");
  const Json shops = parse_json(shops_reply.body);
  ASSERT_EQ(shops.code(), 0) << shops_reply.body;
  cipher_ = shops.str("/data/shops/0/cipher");
  second_cipher_ = shops.str("/data/shops/1/cipher");
  ASSERT_FALSE(cipher_.empty());
}

MultipartUpload multipart_upload(const std::string& boundary, const std::string& filename,
                                 const std::string& content) {
  return {"multipart/form-data; boundary=" + boundary,
          "--" + boundary + "\r\nContent-Disposition: form-data; name=\"data\"; filename=\"" +
              filename + "\"\r\n\r\n" + content + "\r\n--" + boundary + "--\r\n"};
}

bool takes_shop_cipher(std::string_view method, std::string_view path) {
  auto has = [&](std::string_view part) { return path.find(part) != std::string_view::npos; };
  if (path.rfind("/authorization/", 0) == 0)
    return method == "DELETE" && has("/shops");  // deauthorizing names the shop
  if (path.rfind("/seller/", 0) == 0) return false;
  if (path.rfind("/product/", 0) == 0)
    return !(has("/images/upload") || has("/files/upload") || has("/global_") ||
             has("/compliance/") || has("/listing_schemas") || has("/brands/recommend") ||
             has("/size_charts/identify") || (method == "POST" && path.ends_with("/brands")));
  return !has("/global_warehouses") && !path.ends_with("/bundles");
}

HttpReply SandboxTest::call(const std::string& method, const std::string& path,
                            std::map<std::string, std::string> query, const std::string& body,
                            const CallOptions& o) {
  query["app_key"] = o.app_key.empty() ? options_.app_key : o.app_key;
  query["timestamp"] = std::to_string(o.timestamp.value_or(now_.load()));
  if (o.force_cipher || (o.send_cipher && takes_shop_cipher(method, path)))
    query["shop_cipher"] = o.cipher.empty() ? cipher_ : o.cipher;
  const bool multipart = o.content_type.rfind("multipart/form-data", 0) == 0;
  const std::string& covered = o.signed_body ? *o.signed_body : body;
  const std::string sign =
      o.sign ? *o.sign : sign_request(options_.app_secret, path, query, multipart ? "" : covered);
  std::string target = path + "?";
  for (const auto& [k, v] : query) target += url_encode(k) + "=" + url_encode(v) + "&";
  target += "sign=" + url_encode(sign);
  Headers headers;
  if (!o.content_type.empty()) headers.emplace_back("content-type", o.content_type);
  if (o.send_token)
    headers.emplace_back("x-tts-access-token", o.token.empty() ? access_token_ : o.token);
  return http_once(server_->port(), method, target, headers, body);
}

std::vector<std::string> SandboxTest::return_ids_with_status(const std::string& status) {
  const Json page =
      parse_json(call("POST", "/return_refund/202309/returns/search", {{"page_size", "50"}},
                      R"({"return_status":[")" + status + "\"]}")
                     .body);
  EXPECT_EQ(page.code(), 0) << status;
  std::vector<std::string> ids;
  for (auto r : page.arr("/data/return_orders")) {
    std::string_view id;
    if (r["return_id"].get_string().get(id) == simdjson::SUCCESS) ids.emplace_back(id);
  }
  return ids;
}

}  // namespace sandbox_test
