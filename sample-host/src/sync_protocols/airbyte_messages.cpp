#include "sync_protocols/airbyte_messages.hpp"

#include <chrono>
#include <string>

#include <json_writer/json_writer.hpp>
#include <text_codec/enum_names.hpp>

namespace host::sync::airbyte {
namespace {

void emit(std::ostream& out, std::string& line) {
  line.push_back('\n');
  out << line;
  out.flush();
}

std::string_view status_name(StreamStatus status) {
  static constexpr textcodec::EnumName<StreamStatus> kNames[] = {
      {StreamStatus::kStarted, "STARTED"},
      {StreamStatus::kRunning, "RUNNING"},
      {StreamStatus::kComplete, "COMPLETE"},
      {StreamStatus::kIncomplete, "INCOMPLETE"}};
  return textcodec::enum_name(kNames, status, "INCOMPLETE");
}

// One message in `line`: {"type": TYPE, KEY: {what `body` writes}}, emitted with its newline.
// `line` is appended to (callers that reuse one clear it first).
template <typename Body>
void write_message(std::ostream& out, std::string& line, std::string_view type,
                   std::string_view key, const Body& body) {
  jsonw::Writer w(line);
  w.begin_object().field("type", type).key(key).begin_object();
  body(w);
  w.end_object().end_object();
  emit(out, line);
}

// The same in a line of its own.
template <typename Body>
void write_message(std::ostream& out, std::string_view type, std::string_view key,
                   const Body& body) {
  std::string line;
  write_message(out, line, type, key, body);
}

void write_descriptor(jsonw::Writer& w, std::string_view stream) {
  w.key("stream_descriptor").begin_object().field("name", stream).end_object();
}

}  // namespace

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void write_spec(std::ostream& out, std::string_view connection_specification_json) {
  write_message(out, "SPEC", "spec", [&](jsonw::Writer& w) {
    w.raw_field("connectionSpecification", connection_specification_json);
    w.field("supportsIncremental", true);
    w.key("supported_destination_sync_modes").begin_array().value("overwrite").value("append");
    w.value("append_dedup").end_array();
  });
}

void write_connection_status(std::ostream& out, bool succeeded, std::string_view message) {
  write_message(out, "CONNECTION_STATUS", "connectionStatus", [&](jsonw::Writer& w) {
    w.field("status", succeeded ? "SUCCEEDED" : "FAILED").field("message", message);
  });
}

void write_catalog(std::ostream& out, const std::vector<SourceStream>& streams) {
  write_message(out, "CATALOG", "catalog", [&](jsonw::Writer& w) {
    w.key("streams").begin_array();
    for (const SourceStream& stream : streams) {
      w.begin_object().field("name", stream.name).raw_field("json_schema", stream.schema_json);
      w.key("supported_sync_modes").begin_array().value("full_refresh");
      if (stream.incremental()) w.value("incremental");
      w.end_array();
      if (stream.incremental()) {
        w.field("source_defined_cursor", true);
        w.key("default_cursor_field").begin_array().value(stream.cursor_field).end_array();
      }
      w.key("source_defined_primary_key").begin_array();
      for (const std::string& field : stream.primary_key) w.begin_array().value(field).end_array();
      w.end_array().end_object();
    }
    w.end_array();
  });
}

void write_record(std::ostream& out, std::string& line, std::string_view stream,
                  std::string_view data_json) {
  line.clear();
  line.reserve(data_json.size() + stream.size() + 80);
  write_message(out, line, "RECORD", "record", [&](jsonw::Writer& w) {
    w.field("stream", stream).raw_field("data", data_json).field("emitted_at", now_ms());
  });
}

void write_stream_state(std::ostream& out, std::string_view stream, const ShopCursors& cursors,
                        uint64_t records) {
  write_message(out, "STATE", "state", [&](jsonw::Writer& w) {
    w.field("type", "STREAM").key("stream").begin_object();
    write_descriptor(w, stream);
    w.raw_field("stream_state", stream_state_json(cursors)).end_object();
    w.key("sourceStats").begin_object().field("recordCount", records).end_object();
  });
}

void write_stream_status(std::ostream& out, std::string_view stream, StreamStatus status) {
  write_message(out, "TRACE", "trace", [&](jsonw::Writer& w) {
    w.field("type", "STREAM_STATUS").field("emitted_at", now_ms());
    w.key("stream_status").begin_object();
    write_descriptor(w, stream);
    w.field("status", status_name(status)).end_object();
  });
}

void write_error_trace(std::ostream& out, FailureType type, std::string_view message) {
  write_message(out, "TRACE", "trace", [&](jsonw::Writer& w) {
    w.field("type", "ERROR").field("emitted_at", now_ms());
    w.key("error").begin_object().field("message", message);
    w.field("failure_type", type == FailureType::kConfigError ? "config_error" : "system_error");
    w.end_object();
  });
}

void write_log(std::ostream& out, std::string_view level, std::string_view message) {
  write_message(out, "LOG", "log",
                [&](jsonw::Writer& w) { w.field("level", level).field("message", message); });
}

void write_connector_config(std::ostream& out, std::string_view config_json) {
  std::string line;
  write_message(out, line, "CONTROL", "control", [&](jsonw::Writer& w) {
    w.field("type", "CONNECTOR_CONFIG").field("emitted_at", now_ms());
    w.key("connectorConfig").begin_object().raw_field("config", config_json).end_object();
  });
  // The line held the refresh token.
  std::fill(line.begin(), line.end(), '\0');
}

}  // namespace host::sync::airbyte
