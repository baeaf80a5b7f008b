// airbyte_messages.hpp: Airbyte protocol v0 messages, one minified JSON object per line.
// Each function writes the line and flushes, so a platform reading the pipe sees every
// message as soon as it is emitted (a STATE must never wait behind a buffer).
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>

#include "sync_protocols/source_streams.hpp"

namespace host::sync::airbyte {

enum class FailureType { kConfigError, kSystemError };
enum class StreamStatus { kStarted, kRunning, kComplete, kIncomplete };

int64_t now_ms();

void write_spec(std::ostream& out, std::string_view connection_specification_json);
void write_connection_status(std::ostream& out, bool succeeded, std::string_view message);
void write_catalog(std::ostream& out, const std::vector<SourceStream>& streams);
// `line` is the caller's buffer, reused across records so that a record costs no allocation.
void write_record(std::ostream& out, std::string& line, std::string_view stream,
                  std::string_view data_json);
void write_stream_state(std::ostream& out, std::string_view stream, const ShopCursors& cursors,
                        uint64_t records);
void write_stream_status(std::ostream& out, std::string_view stream, StreamStatus status);
void write_error_trace(std::ostream& out, FailureType type, std::string_view message);
void write_log(std::ostream& out, std::string_view level, std::string_view message);
// CONTROL CONNECTOR_CONFIG: the whole config the platform must store from now on.
void write_connector_config(std::ostream& out, std::string_view config_json);

}  // namespace host::sync::airbyte
