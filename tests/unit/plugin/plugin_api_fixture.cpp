#include "plugin_api_fixture.hpp"

#include <dlfcn.h>
#include <openssl/evp.h>

#include <cstdio>
#include <cstdlib>

#include "reference_hmac.hpp"

namespace tts::test {

cnx_connector_get_api_fn entry_point() {
  static const cnx_connector_get_api_fn entry = [] {
    void* library = dlopen(TIKTOK_SHOP_PLUGIN_PATH, RTLD_NOW | RTLD_LOCAL);
    if (library == nullptr) {
      std::fprintf(stderr, "dlopen failed: %s\n", dlerror());
      std::abort();
    }
    auto get_api = reinterpret_cast<cnx_connector_get_api_fn>(dlsym(library, CNX_ENTRY_SYMBOL));
    if (get_api == nullptr) std::abort();
    return get_api;
  }();
  return entry;
}

const cnx_connector_api& api() {
  static const cnx_connector_api* api = entry_point()(CNX_ABI_MAJOR);
  if (api == nullptr) std::abort();
  return *api;
}

std::string config_json(std::string_view app_key, std::string_view app_secret,
                        std::string_view extra_members) {
  std::string json = R"({"name":"test shop","oauth_client":{"service_region":"non_us",)";
  json += R"("client_id":")" + std::string(app_key) + R"(","client_secret":")" +
          std::string(app_secret) + R"(","service_id":"svc-1"},"app_key":")" +
          std::string(app_key) + R"(","app_secret":")" + std::string(app_secret) + "\"";
  if (!extra_members.empty()) json += "," + std::string(extra_members);
  json += "}";
  return json;
}

OpenConnection::OpenConnection(const std::string& config_json, const cnx_host_services* host) {
  cnx_error* error = nullptr;
  const cnx_status status = api().connection_open(host, s(config_json), &connection_, &error);
  EXPECT_EQ(status, CNX_STATUS_OK) << (error != nullptr ? std::string(v(error->message)) : "");
  api().free_error(error);
}

OpenConnection::~OpenConnection() { api().connection_close(connection_); }

std::string Signed::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key == name) return value;
  }
  return {};
}

bool Signed::has_header(std::string_view name) const {
  for (const auto& header : headers) {
    if (header.first == name) return true;
  }
  return false;
}

std::string Signed::query(std::string_view key, bool* present) const {
  if (present != nullptr) *present = false;
  const size_t question = url.find('?');
  if (question == std::string::npos) return {};
  std::string_view query = std::string_view(url).substr(question + 1);
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    const size_t eq = pair.find('=');
    if (pair.substr(0, eq) != key) continue;
    if (present != nullptr) *present = true;
    std::string decoded;
    const std::string_view raw = pair.substr(eq + 1);
    for (size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] == '%' && i + 2 < raw.size()) {
        decoded.push_back(
            static_cast<char>(std::stoi(std::string(raw.substr(i + 1, 2)), nullptr, 16)));
        i += 2;
      } else {
        decoded.push_back(raw[i]);
      }
    }
    return decoded;
  }
  return {};
}

Signed sign(const cnx_connection* connection, const cnx_request& request) {
  Signed out;
  cnx_http_request* http = nullptr;
  cnx_error* error = nullptr;
  out.status = api().sign_request(connection, &request, &http, &error);
  if (error != nullptr) out.error_message = v(error->message);
  if (http != nullptr) {
    out.method = v(http->method);
    out.url = v(http->url);
    for (size_t i = 0; i < http->header_count; ++i) {
      out.headers.emplace_back(v(http->headers[i].key), v(http->headers[i].value));
    }
  }
  api().free_http_request(http);
  api().free_error(error);
  return out;
}

cnx_request empty_request() {
  cnx_request request{};
  request.struct_size = sizeof request;
  return request;
}

std::string expected_sign(std::string_view secret, std::string_view canonical) {
  return test_support::hmac_sha256_hex(
      secret, std::string(secret) + std::string(canonical) + std::string(secret));
}

}  // namespace tts::test
