#include "sync_protocols/stream_export.hpp"

#include <algorithm>

namespace host::sync {
namespace {

class StreamSink final : public engine::RecordSink {
 public:
  StreamSink(PrivateConnection& connection, const StreamRead& read, SyncEmitter& emitter)
      : connection_(connection), read_(read), emitter_(emitter) {}

  std::string destination() const override { return "stdout (" + read_.stream->name + ")"; }
  std::filesystem::path spool_directory() const override {
    return connection_.paths().state_dir / ("spool-" + read_.stream->name + "-" + read_.shop);
  }
  engine::SinkStart start(const engine::SinkStartRequest& /*request*/) override {
    engine::SinkStart start;
    if (read_.incremental) {
      const auto it = read_.cursors->find(read_.shop);
      if (it != read_.cursors->end()) start.cursor = it->second;
    }
    return start;
  }
  void open() override {}
  void append(const engine::SliceRecords& records) override {
    records.for_each([&](std::string_view record) {
      record_.clear();
      append_record_with_shop(record_, record, read_.shop);
      emitter_.record(*read_.stream, record_);
    });
    *read_.records_since_state += records.count();
  }
  void commit(std::optional<int64_t> cursor) override {
    if (read_.incremental && cursor) {
      (*read_.cursors)[read_.shop] = *cursor;
      emitter_.state(*read_.stream, *read_.cursors, *read_.records_since_state);
      *read_.records_since_state = 0;
    }
    emitter_.after_commit();
  }
  void finish(bool /*completed_once*/) override {}

 private:
  PrivateConnection& connection_;
  const StreamRead& read_;
  SyncEmitter& emitter_;
  std::string record_;  // the record being emitted; its capacity is kept across records
};

}  // namespace

engine::FlowRunResult read_stream(PrivateConnection& connection, const SyncSettings& settings,
                                  const StreamRead& read, SyncEmitter& emitter) {
  engine::FlowRunRequest request;
  engine::FlowManifest& flow = request.flow;
  flow.file = "stream " + read.stream->name + " of shop " + read.shop;
  flow.name = "sync." + read.stream->name + "." + read.shop;
  flow.connection = kPrivateConnectionName;
  flow.kind = engine::FlowKind::kExport;
  flow.resource = read.stream->name;
  flow.shop = read.shop;
  flow.page_size = settings.page_size;
  if (settings.start > 0) flow.window.start = settings.start;
  flow.window.lookback_seconds = settings.start > 0 ? 0 : settings.lookback_seconds;
  flow.output = connection.paths().state_dir / (flow.name + ".unused.jsonl");
  request.options.mode = read.incremental ? engine::ExportMode::kDelta : engine::ExportMode::kAll;
  request.paths = connection.paths();
  request.session = &connection.session();
  StreamSink sink(connection, read, emitter);
  request.sink = &sink;
  return engine::run_flow(request);
}

std::vector<std::string> shops_to_read(const SyncSettings& settings,
                                       const std::vector<store::ScopeRow>& authorized) {
  std::vector<std::string> shops;
  if (settings.shop_ids.empty()) {
    for (const auto& scope : authorized) shops.push_back(scope.id);
    return shops;
  }
  for (const std::string& id : settings.shop_ids) {
    const bool known = std::any_of(authorized.begin(), authorized.end(),
                                   [&](const store::ScopeRow& scope) { return scope.id == id; });
    if (!known) {
      throw ConfigFailure("/shop_ids: shop " + id + " is not among the " +
                          std::to_string(authorized.size()) + " shop(s) the tokens cover");
    }
    shops.push_back(id);
  }
  return shops;
}

}  // namespace host::sync
