// Every endpoint of the connector's catalog, read from `connector-host describe` at test time,
// has a sandbox route at the version the catalog uses and with the catalog's shop_cipher rule:
// no 36009009 (unknown path), 36009010 (method), 36009014 (version), 106013 or "unexpected
// shop_cipher". The walk follows the catalog as it grows; nothing here lists endpoints.

#include "run_command.hpp"
#include "sandbox_fixture.hpp"

namespace sandbox_test {
namespace {

std::string run_describe() {
  return test_support::run_command(std::string(CONNECTOR_HOST_PATH) + " --plugin-dir " +
                                   CONNECTOR_PLUGIN_DIR + " --manifest-dir " + MANIFEST_DIR +
                                   " describe tiktok-shop")
      .output;
}

// "/order/{version}/orders/{order_id}" with version filled and every other parameter an id.
std::string fill_path(std::string_view pattern, std::string_view version) {
  std::string out;
  size_t i = 0;
  while (i < pattern.size()) {
    if (pattern[i] != '{') {
      out.push_back(pattern[i++]);
      continue;
    }
    const size_t close = pattern.find('}', i);
    const std::string_view name = pattern.substr(i + 1, close - i - 1);
    out += name == "version" ? std::string(version) : std::string("1730000000000000001");
    i = close + 1;
  }
  return out;
}

class CatalogWalk : public SandboxTest {
 protected:
  void SetUp() override {
    start(fast_options());
    sign_in();
  }
};

TEST_F(CatalogWalk, EveryCatalogEndpointHasARouteAtItsVersion) {
  const std::string describe = run_describe();
  const Json doc = parse_json(describe);
  simdjson::dom::object endpoints;
  ASSERT_EQ(doc.root["endpoints"].get_object().get(endpoints), simdjson::SUCCESS) << describe;
  size_t walked = 0;
  for (auto [id, spec] : endpoints) {
    std::string_view method, path, version, scope, content_type;
    ASSERT_EQ(spec["method"].get_string().get(method), simdjson::SUCCESS) << id;
    ASSERT_EQ(spec["path"].get_string().get(path), simdjson::SUCCESS) << id;
    ASSERT_EQ(spec["version"].get_string().get(version), simdjson::SUCCESS) << id;
    if (spec["scope"].get_string().get(scope) != simdjson::SUCCESS) scope = "required";
    if (spec["content_type"].get_string().get(content_type) != simdjson::SUCCESS)
      content_type = "application/json";
    CallOptions o{.send_cipher = scope == "required", .force_cipher = scope == "required"};
    std::string body = method == "GET" ? "" : "{}";
    if (content_type.rfind("multipart/form-data", 0) == 0) {
      const MultipartUpload upload = multipart_upload("walk", "x", "x");
      o.content_type = upload.content_type;
      body = upload.body;
    }
    const std::string filled = fill_path(path, version);
    const auto reply = call(std::string(method), filled, {}, body, o);
    const Json answer = parse_json(reply.body);
    const std::int64_t code = answer.code();
    const std::string where = std::string(id) + " " + std::string(method) + " " + filled;
    EXPECT_NE(code, 36009009) << where << ": " << reply.body;
    EXPECT_NE(code, 36009010) << where << ": " << reply.body;
    EXPECT_NE(code, 36009014) << where << ": " << reply.body;
    EXPECT_NE(code, 106013) << where << " (catalog says no shop_cipher): " << reply.body;
    EXPECT_EQ(reply.body.find("unexpected shop_cipher"), std::string::npos)
        << where << " (catalog sends a shop_cipher the endpoint refuses): " << reply.body;
    ++walked;
  }
  EXPECT_GE(walked, 30u) << "the catalog is smaller than it has ever been";
}

}  // namespace
}  // namespace sandbox_test
