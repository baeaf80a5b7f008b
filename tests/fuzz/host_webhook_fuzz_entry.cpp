#include "host_webhook_fuzz_entry.hpp"

#include <unistd.h>

#include <connector_abi/connector_abi.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>

#include "reference_hmac.hpp"
#include "store/database.hpp"
#include "webhook/delivery_handler.hpp"
#include "webhook/inbox_store.hpp"
#include "webhook/inbox_writer.hpp"

namespace host_fuzz {
namespace {

using host::http::Header;
using host::http::IncomingRequest;
using host::webhook::DeliveryOutcome;

constexpr std::string_view kAppKey = "fuzz-app-key";
constexpr std::string_view kAppSecret = "fuzz-app-secret";
constexpr std::string_view kConnectionName = "fuzz-connection";
// The one path the handler takes deliveries on (the seeds use it).
constexpr std::string_view kDeliveryPath = "/webhooks/tiktok";
constexpr std::string_view kSignPlaceholder = "{sign}";

void require(bool condition) {
  if (!condition) std::abort();
}

// Lowercase hex HMAC-SHA256(app secret, app key + body), computed independently of the
// connector (tests/support's reference HMAC): the fuzz oracle for "correctly signed".
std::string expected_signature(std::string_view body) {
  return test_support::hmac_sha256_hex(kAppSecret, std::string(kAppKey) + std::string(body));
}

char lower_ascii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool equals_ignore_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (lower_ascii(a[i]) != lower_ascii(b[i])) return false;
  }
  return true;
}

// What TikTok's rule accepts: the first Authorization header, trimmed of spaces and tabs, equal
// to the digest in any letter case.
bool correctly_signed(const IncomingRequest& request) {
  for (const Header& header : request.headers) {
    if (!equals_ignore_case(header.name, "authorization")) continue;
    std::string_view value = header.value;
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
      value.remove_prefix(1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
    return equals_ignore_case(value, expected_signature(request.body));
  }
  return false;
}

// Splits the fuzz input into a request (format in the header).
IncomingRequest parse_input(std::string_view text) {
  IncomingRequest request;
  auto next_line = [&text]() {
    const size_t end = text.find('\n');
    const std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    return std::string(line);
  };
  request.method = next_line();
  request.target = next_line();
  while (!text.empty()) {
    const std::string line = next_line();
    if (line.empty()) break;
    const size_t colon = line.find(':');
    request.headers.push_back(colon == std::string::npos
                                  ? Header{line, ""}
                                  : Header{line.substr(0, colon), line.substr(colon + 1)});
  }
  request.body = std::string(text);
  for (Header& header : request.headers) {
    if (header.value == kSignPlaceholder) header.value = expected_signature(request.body);
  }
  request.remote = "127.0.0.1:1";
  return request;
}

// The process-wide harness: the connector, one opened connection, the inbox in a temp directory
// (tmpfs when there is one, so the per-delivery fsync stays cheap), a reader on the same file.
struct Harness {
  Harness() {
    api = cnx_connector_get_api(CNX_ABI_MAJOR);
    require(api != nullptr);
    const std::string config =
        R"({"name":"fuzz","oauth_client":{"service_region":"us","client_id":")" +
        std::string(kAppKey) + R"(","client_secret":")" + std::string(kAppSecret) +
        R"(","service_id":"sv"},"app_key":")" + std::string(kAppKey) + R"(","app_secret":")" +
        std::string(kAppSecret) + "\"}";
    require(api->connection_open(nullptr, {config.data(), config.size()}, &connection, nullptr) ==
            CNX_STATUS_OK);
    std::error_code ec;
    const std::filesystem::path base = std::filesystem::is_directory("/dev/shm", ec)
                                           ? std::filesystem::path("/dev/shm")
                                           : std::filesystem::temp_directory_path();
    dir = base / ("webhook_fuzz_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    writer = std::make_unique<host::webhook::InboxWriter>(dir / "state.db");
    reader = host::store::Database::open(dir / "state.db");
    host::webhook::DeliveryTarget target;
    target.api = api;
    target.connection = connection;
    target.connection_name = std::string(kConnectionName);
    target.path = std::string(kDeliveryPath);
    target.now_unix_seconds = [] { return int64_t{1'700'000'000}; };
    handler = std::make_unique<host::webhook::DeliveryHandler>(std::move(target), *writer);
  }

  ~Harness() {
    handler.reset();
    reader.reset();
    writer.reset();
    api->connection_close(connection);
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
  }

  const cnx_connector_api* api = nullptr;
  cnx_connection* connection = nullptr;
  std::filesystem::path dir;
  std::unique_ptr<host::webhook::InboxWriter> writer;
  std::unique_ptr<host::store::Database> reader;
  std::unique_ptr<host::webhook::DeliveryHandler> handler;
  int64_t last_row_id = 0;  // every row up to here has been checked
};

Harness& the_harness() {
  static Harness harness;
  return harness;
}

}  // namespace

int run_webhook_delivery(const uint8_t* data, size_t size) {
  Harness& h = the_harness();
  const IncomingRequest request =
      parse_input(std::string_view(reinterpret_cast<const char*>(data), size));
  const int64_t before = host::webhook::count_events(*h.reader, kConnectionName, false);
  const host::webhook::DeliveryResult result = h.handler->handle(request);
  const int64_t after = host::webhook::count_events(*h.reader, kConnectionName, false);
  const int status = result.response.status;

  require(status == 200 || status == 401 || status == 404 || status == 405);
  require(result.response.body.empty());
  if (status == 200) {
    require(request.method == "POST");
    require(request.target.substr(0, request.target.find('?')) == kDeliveryPath);
    require(correctly_signed(request));
    require(result.outcome == DeliveryOutcome::kStored ||
            result.outcome == DeliveryOutcome::kDuplicate);
    require(!result.event.event_id.empty() && !result.event.event_type.empty());
  }
  if (result.outcome == DeliveryOutcome::kStored) {
    require(status == 200 && after == before + 1);
    const auto rows = host::webhook::read_undelivered(*h.reader, kConnectionName, h.last_row_id, 2);
    require(rows.size() == 1);
    require(rows[0].body == request.body && rows[0].event_id == result.event.event_id &&
            rows[0].event_type == result.event.event_type);
    h.last_row_id = rows[0].row_id;
  } else {
    require(after == before);
  }
  return status;
}

int fuzz_webhook_delivery(const uint8_t* data, size_t size) {
  (void)run_webhook_delivery(data, size);
  return 0;
}

}  // namespace host_fuzz
