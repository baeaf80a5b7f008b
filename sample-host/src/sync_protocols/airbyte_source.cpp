#include "sync_protocols/airbyte_source.hpp"

#include <simdjson.h>

#include <exception>

#include "sync_protocols/airbyte_messages.hpp"
#include "sync_protocols/private_connection.hpp"
#include "sync_protocols/sync_inputs.hpp"
#include "sync_protocols/sync_run.hpp"

namespace host::sync {
namespace {

using airbyte::FailureType;
using airbyte::StreamStatus;

// Runs `body`; a failure becomes a TRACE ERROR and exit code 1.
template <class Body>
int guarded(std::ostream& out, Body&& body) {
  try {
    return body();
  } catch (const ConfigFailure& e) {
    airbyte::write_error_trace(out, FailureType::kConfigError, e.what());
  } catch (const std::exception& e) {
    airbyte::write_error_trace(out, FailureType::kSystemError, e.what());
  }
  return 1;
}

// The streams a ConfiguredAirbyteCatalog selects, in its order.
std::vector<SelectedStream> read_configured_catalog(const std::filesystem::path& file,
                                                    const std::vector<SourceStream>& streams) {
  simdjson::dom::parser parser;
  const auto [where, configured] = read_catalog_entries(file, parser);
  std::vector<SelectedStream> selected;
  size_t index = 0;
  for (simdjson::dom::element entry : configured) {
    const std::string at = where + ": /streams/" + std::to_string(index++);
    std::string_view name;
    std::string_view mode;
    if (entry["stream"]["name"].get(name) != simdjson::SUCCESS) {
      throw ConfigFailure(at + "/stream/name: required (a string)");
    }
    if (entry["sync_mode"].get(mode) != simdjson::SUCCESS ||
        (mode != "full_refresh" && mode != "incremental")) {
      throw ConfigFailure(at + "/sync_mode: must be full_refresh or incremental");
    }
    const SourceStream* stream = find_stream(streams, name);
    if (stream == nullptr) {
      throw ConfigFailure(at + "/stream/name: this source has no stream " + std::string(name));
    }
    selected.push_back(
        select_stream(*stream, mode == "incremental", at + "/sync_mode", "cursor", "full_refresh"));
  }
  return selected;
}

// Per-stream states from an array of AirbyteStateMessage (type STREAM).
std::map<std::string, ShopCursors> read_state_file(const std::filesystem::path& file) {
  std::map<std::string, ShopCursors> states;
  if (file.empty()) return states;
  simdjson::dom::parser parser;
  const auto [where, root] = parse_input_file(file, "state", parser, "not JSON");
  if (root.is_null()) return states;
  simdjson::dom::array messages;
  if (root.get_array().get(messages) != simdjson::SUCCESS) {
    throw ConfigFailure(where + ": must be an array of per-stream state messages");
  }
  size_t index = 0;
  for (simdjson::dom::element message : messages) {
    const std::string at = where + ": /" + std::to_string(index++);
    std::string_view type;
    std::string_view name;
    simdjson::dom::element stream_state;
    if (message["type"].get(type) != simdjson::SUCCESS || type != "STREAM") {
      throw ConfigFailure(at + "/type: must be STREAM (this source keeps per-stream state)");
    }
    if (message["stream"]["stream_descriptor"]["name"].get(name) != simdjson::SUCCESS) {
      throw ConfigFailure(at + "/stream/stream_descriptor/name: required (a string)");
    }
    if (message["stream"]["stream_state"].get(stream_state) != simdjson::SUCCESS) {
      throw ConfigFailure(at + "/stream/stream_state: required");
    }
    const std::string error =
        read_stream_state(simdjson::minify(stream_state), states[std::string(name)]);
    if (!error.empty()) throw ConfigFailure(at + "/stream/stream_state: " += error);
  }
  return states;
}

class AirbyteListener final : public SyncListener {
 public:
  explicit AirbyteListener(std::ostream& out) : out_(out) {}
  void record(const SourceStream& stream, std::string_view record_json) override {
    airbyte::write_record(out_, line_, stream.name, record_json);
  }
  void state(const SourceStream& stream, const ShopCursors& cursors, uint64_t records) override {
    airbyte::write_stream_state(out_, stream.name, cursors, records);
  }
  void stream_started(const SourceStream& stream) override {
    airbyte::write_stream_status(out_, stream.name, StreamStatus::kStarted);
  }
  void stream_running(const SourceStream& stream) override {
    airbyte::write_stream_status(out_, stream.name, StreamStatus::kRunning);
  }
  void stream_finished(const SourceStream& stream, bool complete, const ShopCursors& cursors,
                       uint64_t records) override {
    // A completed incremental stream ends on its state, even when no slice moved it.
    if (complete && !cursors.empty()) state(stream, cursors, records);
    airbyte::write_stream_status(out_, stream.name,
                                 complete ? StreamStatus::kComplete : StreamStatus::kIncomplete);
  }
  void tokens_rotated(std::string_view config_json) override {
    airbyte::write_connector_config(out_, config_json);
  }

 private:
  std::ostream& out_;
  std::string line_;  // write_record's buffer
};

}  // namespace

int airbyte_spec(const AirbyteRequest& request, std::ostream& out) {
  return guarded(out, [&] {
    const ConnectorFacts facts = load_connector_facts(request.paths, request.connector);
    airbyte::write_spec(out, connection_specification(facts.view));
    return 0;
  });
}

int airbyte_check(const AirbyteRequest& request, std::ostream& out) {
  return guarded(out, [&] {
    const ConnectorFacts facts = load_connector_facts(request.paths, request.connector);
    store::SecretString text;
    SourceConfig config;
    try {
      config = read_config_file(request.config, facts.view, text);
      PrivateConnection connection(request.paths, request.connector, config);
      std::string known_refresh = config.refresh_token.copy();
      std::vector<store::ScopeRow> shops;
      try {
        shops = connection.probe_and_open();
      } catch (...) {
        store::wipe(known_refresh);
        throw;
      }
      // The probe may have refreshed: the platform must keep the rotated tokens.
      const auto rotated = rotated_config(connection, text.view(), known_refresh);
      store::wipe(known_refresh);
      if (rotated) airbyte::write_connector_config(out, rotated->view());
      shops_to_read(config.sync, shops);
      std::string message = "the tokens cover " + std::to_string(shops.size()) + " shop(s):";
      for (const auto& shop : shops) message += " " + shop.id + " (" + shop.name + ")";
      airbyte::write_connection_status(out, true, message);
    } catch (const ConfigFailure& e) {
      airbyte::write_connection_status(out, false, e.what());
    }
    return 0;
  });
}

int airbyte_discover(const AirbyteRequest& request, std::ostream& out) {
  return guarded(out, [&] {
    const ConnectorFacts facts = load_connector_facts(request.paths, request.connector);
    store::SecretString text;
    read_config_file(request.config, facts.view, text);
    airbyte::write_catalog(out, facts.streams);
    return 0;
  });
}

int airbyte_read(const AirbyteRequest& request, std::ostream& out) {
  return guarded(out, [&] {
    const ConnectorFacts facts = load_connector_facts(request.paths, request.connector);
    store::SecretString text;
    const SourceConfig config = read_config_file(request.config, facts.view, text);
    SyncRequest sync = sync_request(request.paths, request.connector, config, text);
    sync.streams = read_configured_catalog(request.catalog, facts.streams);
    sync.states = read_state_file(request.state);
    AirbyteListener listener(out);
    const std::string error = run_sync(sync, listener);
    if (error.empty()) return 0;
    airbyte::write_error_trace(out, FailureType::kSystemError, error);
    return 1;
  });
}

}  // namespace host::sync
