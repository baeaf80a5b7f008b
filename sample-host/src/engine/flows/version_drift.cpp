#include "engine/flows/version_drift.hpp"

#include <charconv>
#include <ostream>

#include <simdjson.h>

namespace host::engine {
namespace {

// "YYYY-MM-DD" -> a day, or false.
bool parse_day(std::string_view text, std::chrono::sys_days& out) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  int y = 0;
  unsigned m = 0, d = 0;
  const char* s = text.data();
  if (std::from_chars(s, s + 4, y).ec != std::errc() ||
      std::from_chars(s + 5, s + 7, m).ec != std::errc() ||
      std::from_chars(s + 8, s + 10, d).ec != std::errc()) {
    return false;
  }
  const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{m},
                                        std::chrono::day{d}};
  if (!ymd.ok()) return false;
  out = std::chrono::sys_days{ymd};
  return true;
}

std::string buffer_text(const cnx_connector_api& api, cnx_buffer* buffer) {
  std::string text(buffer->bytes.data, buffer->bytes.len);
  api.free_buffer(buffer);
  return text;
}

}  // namespace

std::vector<VersionDrift> find_version_drift(std::string_view describe_json,
                                             std::string_view connection_describe_json,
                                             std::chrono::sys_days today, int horizon_days) {
  std::vector<VersionDrift> out;
  simdjson::dom::parser describe_parser;
  simdjson::dom::parser connection_parser;
  simdjson::dom::object endpoints;
  simdjson::dom::object pinned;
  if (describe_parser.parse(describe_json.data(), describe_json.size())["endpoints"].get(
          endpoints) != simdjson::SUCCESS ||
      connection_parser
              .parse(connection_describe_json.data(),
                     connection_describe_json.size())["endpoint_versions"]
              .get(pinned) != simdjson::SUCCESS) {
    return out;
  }
  const std::chrono::sys_days horizon = today + std::chrono::days{horizon_days};
  for (auto [id, version_value] : pinned) {
    std::string_view version;
    simdjson::dom::array served;
    if (version_value.get(version) != simdjson::SUCCESS ||
        endpoints[id]["versions"]["served"].get(served) != simdjson::SUCCESS) {
      continue;
    }
    for (simdjson::dom::element fact : served) {
      std::string_view fact_version;
      std::string_view retires;
      std::chrono::sys_days day{};
      if (fact["version"].get(fact_version) != simdjson::SUCCESS || fact_version != version ||
          fact["retires"].get(retires) != simdjson::SUCCESS || !parse_day(retires, day) ||
          day > horizon) {
        continue;
      }
      out.push_back({std::string(id), std::string(version), std::string(retires), day <= today});
    }
  }
  return out;
}

std::string describe_version_drift(const VersionDrift& drift, std::chrono::sys_days today) {
  std::string line = "warning: endpoint " + drift.endpoint + " uses version " + drift.version;
  std::chrono::sys_days day{};
  if (drift.retired) {
    line += ", which was retired on " + drift.retires + "; its calls will fail";
  } else {
    const long days = parse_day(drift.retires, day) ? (day - today).count() : 0;
    line += ", which is retired on " + drift.retires + " (in " + std::to_string(days) +
            (days == 1 ? " day)" : " days)");
  }
  line +=
      ": move the connection's endpoint_versions to a served version (see the connector's "
      "describe: endpoints." +
      drift.endpoint + ".versions)";
  return line;
}

size_t warn_version_drift(const cnx_connector_api& api, const cnx_connection* connection,
                          std::ostream& out) {
  if (api.describe == nullptr || api.connection_describe == nullptr || connection == nullptr) {
    return 0;
  }
  cnx_buffer* describe = nullptr;
  cnx_buffer* connection_describe = nullptr;
  cnx_error* error = nullptr;
  if (api.describe(&describe, &error) != CNX_STATUS_OK) {
    api.free_error(error);
    return 0;
  }
  const std::string describe_json = buffer_text(api, describe);
  error = nullptr;
  if (api.connection_describe(connection, &connection_describe, &error) != CNX_STATUS_OK) {
    api.free_error(error);
    return 0;
  }
  const std::string connection_json = buffer_text(api, connection_describe);
  const auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  const auto drifts = find_version_drift(describe_json, connection_json, today);
  for (const VersionDrift& drift : drifts) out << describe_version_drift(drift, today) << "\n";
  return drifts.size();
}

}  // namespace host::engine
