// log_sink.hpp: the host's one log sink. Lines go to stderr, human-readable by default or as
// JSON lines (--log-format json). Connectors reach it through cnx_host_services.log.
//
// Callers never pass secrets (tokens, app secrets, authorization codes) into a log line; the sink
// cannot tell them apart from other text.
#pragma once

#include <string_view>

#include <connector_abi/connector_abi.h>

namespace host::log {

enum class Level { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3 };
enum class Format { kHuman, kJson };

// Sets the line format and the lowest level written (default: human, info).
// THREADING: call before other threads log; later calls are safe but race with writers' choice.
void configure(Format format, Level min_level = Level::kInfo);

// Writes one line: human "connector-host[component] warning: message", or JSON
// {"ts":...,"level":"warn","component":"...","message":"..."}. THREADING: any thread; lines never
// interleave.
void write(Level level, std::string_view component, std::string_view message);

inline void debug(std::string_view component, std::string_view message) {
  write(Level::kDebug, component, message);
}
inline void info(std::string_view component, std::string_view message) {
  write(Level::kInfo, component, message);
}
inline void warn(std::string_view component, std::string_view message) {
  write(Level::kWarn, component, message);
}
inline void error(std::string_view component, std::string_view message) {
  write(Level::kError, component, message);
}

// Host services for connectors: `log` forwards to this sink with the component "connector"
// (levels map one to one); `now_unix_ms` is NULL (the connector uses the system clock).
// OWNERSHIP: a static object, valid for the life of the process.
const cnx_host_services* connector_host_services();

}  // namespace host::log
