#include "log/log_sink.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <string>
#include <utility>

#include <json_writer/json_writer.hpp>
#include <text_codec/enum_names.hpp>

namespace host::log {
namespace {

std::atomic<Format> g_format{Format::kHuman};
std::atomic<Level> g_min_level{Level::kInfo};
std::mutex g_write_mutex;

constexpr textcodec::EnumName<Level> kLevelWords[] = {{Level::kDebug, "debug"},
                                                      {Level::kInfo, "info"},
                                                      {Level::kWarn, "warning"},
                                                      {Level::kError, "error"}};

std::string_view level_word(Level level) {
  return textcodec::enum_name(kLevelWords, level, "info");
}

// A control character in a human line would let remote text forge lines; show it escaped.
void append_printable(std::string& out, std::string_view text) {
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      char esc[8];
      std::snprintf(esc, sizeof esc, "\\x%02x", u);
      out += esc;
    } else {
      out.push_back(c);
    }
  }
}

// The connector's levels as the host's; a level the ABI does not know logs as info.
constexpr std::pair<cnx_log_level, Level> kConnectorLevels[] = {{CNX_LOG_DEBUG, Level::kDebug},
                                                                {CNX_LOG_INFO, Level::kInfo},
                                                                {CNX_LOG_WARN, Level::kWarn},
                                                                {CNX_LOG_ERROR, Level::kError}};

void log_from_connector(void*, cnx_log_level level, const char* message, size_t len) {
  Level mapped = Level::kInfo;
  for (const auto& [connector_level, host_level] : kConnectorLevels) {
    if (connector_level == level) mapped = host_level;
  }
  write(mapped, "connector", message ? std::string_view(message, len) : std::string_view());
}

}  // namespace

void configure(Format format, Level min_level) {
  g_format.store(format);
  g_min_level.store(min_level);
}

void write(Level level, std::string_view component, std::string_view message) {
  if (static_cast<int>(level) < static_cast<int>(g_min_level.load())) return;
  std::string line;
  if (g_format.load() == Format::kJson) {
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now).count();
    jsonw::Writer w(line);
    w.begin_object().field("ts_ms", static_cast<int64_t>(ms)).field("level", level_word(level));
    w.field("component", component).field("message", message).end_object();
  } else {
    line = "connector-host";
    if (!component.empty()) line.append("[").append(component).append("]");
    line.append(" ").append(level_word(level)).append(": ");
    append_printable(line, message);
  }
  line.push_back('\n');
  std::lock_guard lock(g_write_mutex);
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

const cnx_host_services* connector_host_services() {
  static const cnx_host_services services = {sizeof(cnx_host_services), nullptr,
                                             &log_from_connector, nullptr};
  return &services;
}

}  // namespace host::log
