#include "sync_protocols/sync_run.hpp"

namespace host::sync {
namespace {

// Forwards records and states, and reports a stream as running at its first record and the
// tokens when a refresh rotated them.
class ReadEmitter final : public SyncEmitter {
 public:
  ReadEmitter(PrivateConnection& connection, const SyncRequest& request, SyncListener& listener)
      : connection_(connection),
        request_(request),
        listener_(listener),
        refresh_token_(request.config->refresh_token.copy()) {}
  ~ReadEmitter() override { store::wipe(refresh_token_); }
  ReadEmitter(const ReadEmitter&) = delete;
  ReadEmitter& operator=(const ReadEmitter&) = delete;

  void begin_stream() { running_ = false; }
  void record(const SourceStream& stream, std::string_view record_json) override {
    if (!running_) {
      running_ = true;
      listener_.stream_running(stream);
    }
    listener_.record(stream, record_json);
  }
  void state(const SourceStream& stream, const ShopCursors& cursors, uint64_t records) override {
    listener_.state(stream, cursors, records);
  }
  void after_commit() override { check_tokens(); }

  // Tells the listener when the stored refresh token is no longer the one last reported.
  void check_tokens() {
    const auto config = rotated_config(connection_, request_.config_json, refresh_token_);
    if (config) listener_.tokens_rotated(config->view());
  }

 private:
  PrivateConnection& connection_;
  const SyncRequest& request_;
  SyncListener& listener_;
  std::string refresh_token_;
  bool running_ = false;
};

}  // namespace

std::optional<store::SecretString> rotated_config(const PrivateConnection& connection,
                                                  std::string_view config_json,
                                                  std::string& known_refresh) {
  store::TokenSet tokens = connection.current_tokens();
  if (tokens.refresh_token.view() == known_refresh) return std::nullopt;
  store::wipe(known_refresh);
  known_refresh = tokens.refresh_token.copy();
  return config_with_tokens(config_json, tokens.refresh_token.view(), tokens.access_token.view());
}

std::string run_sync(SyncRequest& request, SyncListener& listener) {
  PrivateConnection connection(request.paths, request.connector, *request.config);
  const std::vector<store::ScopeRow> authorized = connection.probe_and_open();
  const std::vector<std::string> shops = shops_to_read(request.config->sync, authorized);
  ReadEmitter emitter(connection, request, listener);
  emitter.check_tokens();  // the probe may have refreshed already
  for (const SelectedStream& selected : request.streams) {
    const SourceStream& stream = *selected.stream;
    ShopCursors& cursors = request.states[stream.name];
    uint64_t records_since_state = 0;
    emitter.begin_stream();
    listener.stream_started(stream);
    for (const std::string& shop : shops) {
      const StreamRead read{&stream, shop, selected.incremental, &cursors, &records_since_state};
      const engine::FlowRunResult result =
          read_stream(connection, request.config->sync, read, emitter);
      emitter.check_tokens();
      if (result.outcome != engine::FlowOutcome::kSucceeded) {
        listener.stream_finished(stream, false, cursors, records_since_state);
        return result.error.empty() ? "stream " + stream.name + " of shop " + shop + " failed"
                                    : result.error;
      }
    }
    listener.stream_finished(stream, true, cursors, records_since_state);
  }
  return "";
}

}  // namespace host::sync
