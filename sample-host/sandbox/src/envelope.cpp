// envelope.cpp: TikTok's response envelope and request ids.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>

#include <json_writer/json_writer.hpp>

#include "api_types.hpp"

namespace sandbox {
namespace {

// TikTok request ids look like "2023061505334501B2E5B3A2F0FF7E8C": a UTC timestamp followed by
// hex. A process-wide counter keeps them unique.
std::string next_request_id() {
  static std::atomic<std::uint64_t> counter{0};
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d%02d%02d%02d%02d%02d%018llX", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<unsigned long long>(counter.fetch_add(1) + 0x5A0000000ULL));
  return buf;
}

}  // namespace

ApiResponse envelope(int http_status, std::int64_t code, std::string_view message,
                     std::string_view data_json) {
  ApiResponse r;
  r.http_status = http_status;
  r.code = code;
  jsonw::Writer w(r.body);
  w.begin_object().field("code", code).field("message", message);
  w.field("request_id", next_request_id());
  if (!data_json.empty()) w.raw_field("data", data_json);
  w.end_object();
  return r;
}

ApiResponse success(std::string_view data_json) {
  return envelope(200, codes::kOk, "Success", data_json.empty() ? "{}" : data_json);
}

ApiResponse failure(int http_status, std::int64_t code, std::string_view message) {
  return envelope(http_status, code, message, "");
}

}  // namespace sandbox
