#include "sync_protocols/singer_tap.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <exception>
#include <map>
#include <system_error>

#include <simdjson.h>
#include <json_writer/json_writer.hpp>
#include <text_codec/utc_time.hpp>

#include "sync_protocols/private_connection.hpp"
#include "sync_protocols/sync_inputs.hpp"
#include "sync_protocols/sync_run.hpp"

namespace host::sync {
namespace {

void emit(std::ostream& out, std::string& line) {
  line.push_back('\n');
  out << line;
  out.flush();
}

void write_stream_metadata(jsonw::Writer& w, const SourceStream& stream) {
  w.key("metadata").begin_array().begin_object();
  w.key("breadcrumb").begin_array().end_array();
  w.key("metadata").begin_object().field("inclusion", "available").field("selected", true);
  w.key("table-key-properties").begin_array();
  for (const std::string& field : stream.primary_key) w.value(field);
  w.end_array();
  if (stream.incremental()) {
    w.key("valid-replication-keys").begin_array().value(stream.cursor_field).end_array();
    w.field("replication-method", "INCREMENTAL");
  } else {
    w.field("forced-replication-method", "FULL_TABLE");
  }
  w.end_object().end_object().end_array();
}

void write_discovered_catalog(std::ostream& out, const std::vector<SourceStream>& streams) {
  std::string text;
  jsonw::Writer w(text);
  w.begin_object().key("streams").begin_array();
  for (const SourceStream& stream : streams) {
    w.begin_object().field("tap_stream_id", stream.name).field("stream", stream.name);
    w.raw_field("schema", stream.schema_json);
    w.key("key_properties").begin_array();
    for (const std::string& field : stream.primary_key) w.value(field);
    w.end_array();
    write_stream_metadata(w, stream);
    w.end_object();
  }
  w.end_array().end_object();
  emit(out, text);
}

// The top-level ([] breadcrumb) metadata of a catalog entry, if it has one.
bool top_metadata(simdjson::dom::element entry, simdjson::dom::object* out) {
  simdjson::dom::array metadata;
  if (entry["metadata"].get(metadata) != simdjson::SUCCESS) return false;
  for (simdjson::dom::element item : metadata) {
    simdjson::dom::array breadcrumb;
    if (item["breadcrumb"].get(breadcrumb) == simdjson::SUCCESS && breadcrumb.size() == 0 &&
        item["metadata"].get(*out) == simdjson::SUCCESS) {
      return true;
    }
  }
  return false;
}

// The streams a catalog selects ("selected": true in its top-level metadata, or on the entry as
// older taps had it), with the replication method it asks for.
std::vector<SelectedStream> read_selection(const std::filesystem::path& file,
                                           const std::vector<SourceStream>& streams) {
  std::vector<SelectedStream> selected;
  if (file.empty()) {
    for (const SourceStream& stream : streams) selected.push_back({&stream, stream.incremental()});
    return selected;
  }
  simdjson::dom::parser parser;
  const auto [where, entries] = read_catalog_entries(file, parser);
  size_t index = 0;
  for (simdjson::dom::element entry : entries) {
    const std::string at = where + ": /streams/" + std::to_string(index++);
    std::string_view id;
    if (entry["tap_stream_id"].get(id) != simdjson::SUCCESS) {
      throw ConfigFailure(at + "/tap_stream_id: required (a string)");
    }
    const SourceStream* stream = find_stream(streams, id);
    if (stream == nullptr) {
      throw ConfigFailure(at + "/tap_stream_id: this tap has no stream " + std::string(id));
    }
    simdjson::dom::object metadata;
    const bool has_metadata = top_metadata(entry, &metadata);
    bool chosen = false;
    if (has_metadata && metadata["selected"].get(chosen) != simdjson::SUCCESS) chosen = false;
    if (!chosen && entry["selected"].get(chosen) != simdjson::SUCCESS) chosen = false;
    if (!chosen) continue;
    std::string_view method = stream->incremental() ? "INCREMENTAL" : "FULL_TABLE";
    std::string_view asked;
    if (has_metadata && metadata["replication-method"].get(asked) == simdjson::SUCCESS) {
      method = asked;
    }
    if (method != "INCREMENTAL" && method != "FULL_TABLE") {
      throw ConfigFailure(at + "/metadata: replication-method must be INCREMENTAL or FULL_TABLE");
    }
    selected.push_back(select_stream(*stream, method == "INCREMENTAL", at + "/metadata",
                                     "replication key", "FULL_TABLE"));
  }
  return selected;
}

// {"bookmarks": {stream: {"cursors": {...}}}}, the value of a STATE message.
std::map<std::string, ShopCursors> read_bookmarks(const std::filesystem::path& file) {
  std::map<std::string, ShopCursors> states;
  if (file.empty()) return states;
  constexpr std::string_view kNotAnObject = "must be a JSON object";
  simdjson::dom::parser parser;
  const InputDocument state = parse_input_file(file, "state", parser, kNotAnObject);
  const std::string& where = state.where;
  simdjson::dom::object root;
  if (state.root.get(root) != simdjson::SUCCESS) {
    throw ConfigFailure(where + ": " + std::string(kNotAnObject));
  }
  simdjson::dom::object bookmarks;
  if (root["bookmarks"].get(bookmarks) != simdjson::SUCCESS) return states;
  for (auto [name, bookmark] : bookmarks) {
    const std::string error =
        read_stream_state(simdjson::minify(bookmark), states[std::string(name)]);
    if (!error.empty()) {
      throw ConfigFailure(where + ": /bookmarks/" + std::string(name) + ": " += error);
    }
  }
  return states;
}

// Replaces `file` with `text` (mode 0600) through a temporary file and a rename.
void rewrite_config(const std::filesystem::path& file, std::string_view text) {
  const std::string temporary = file.string() + ".tmp";
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("cannot write " + temporary);
  const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
                       ::fsync(fd) == 0;
  ::close(fd);
  if (!written || std::rename(temporary.c_str(), file.c_str()) != 0) {
    std::remove(temporary.c_str());
    throw std::runtime_error("cannot replace the config " + file.string() +
                             " with the rotated tokens");
  }
}

class SingerListener final : public SyncListener {
 public:
  SingerListener(std::ostream& out, std::filesystem::path config,
                 std::map<std::string, ShopCursors> bookmarks)
      : out_(out), config_(std::move(config)), bookmarks_(std::move(bookmarks)) {}

  void stream_started(const SourceStream& stream) override {
    std::string line;
    jsonw::Writer w(line);
    w.begin_object().field("type", "SCHEMA").field("stream", stream.name);
    w.raw_field("schema", stream.schema_json).key("key_properties").begin_array();
    for (const std::string& field : stream.primary_key) w.value(field);
    w.end_array();
    if (stream.incremental()) {
      w.key("bookmark_properties").begin_array().value(stream.cursor_field).end_array();
    }
    w.end_object();
    emit(out_, line);
  }
  void record(const SourceStream& stream, std::string_view record_json) override {
    // time_extracted has whole seconds: it is formatted once per second, not once per record.
    const std::time_t now = std::time(nullptr);
    if (now != extracted_second_) {
      extracted_second_ = now;
      extracted_at_ = textcodec::utc_text(now, textcodec::UtcForm::kIso8601);
    }
    record_line_.clear();
    jsonw::Writer w(record_line_);
    w.begin_object().field("type", "RECORD").field("stream", stream.name);
    w.raw_field("record", record_json).field("time_extracted", extracted_at_).end_object();
    emit(out_, record_line_);
  }
  void state(const SourceStream& stream, const ShopCursors& cursors,
             uint64_t /*records*/) override {
    bookmarks_[stream.name] = cursors;
    std::string line;
    jsonw::Writer w(line);
    w.begin_object().field("type", "STATE").key("value").begin_object();
    w.key("bookmarks").begin_object();
    for (const auto& [name, shops] : bookmarks_) w.raw_field(name, stream_state_json(shops));
    w.end_object().end_object().end_object();
    emit(out_, line);
  }
  void stream_finished(const SourceStream& stream, bool complete, const ShopCursors& cursors,
                       uint64_t records) override {
    if (complete && !cursors.empty()) state(stream, cursors, records);
  }
  void tokens_rotated(std::string_view config_json) override {
    rewrite_config(config_, config_json);
  }

 private:
  std::ostream& out_;
  std::filesystem::path config_;
  std::map<std::string, ShopCursors> bookmarks_;
  std::string record_line_;  // reused across records
  std::time_t extracted_second_ = -1;
  std::string extracted_at_;  // extracted_second_ as the spec's date-time
};

}  // namespace

int singer_tap(const SingerRequest& request, std::ostream& out, std::ostream& err) {
  try {
    const ConnectorFacts facts = load_connector_facts(request.paths, request.connector);
    store::SecretString text;
    const SourceConfig config = read_config_file(request.config, facts.view, text);
    if (request.discover) {
      write_discovered_catalog(out, facts.streams);
      return 0;
    }
    SyncRequest sync = sync_request(request.paths, request.connector, config, text);
    sync.streams = read_selection(request.catalog, facts.streams);
    sync.states = read_bookmarks(request.state);
    SingerListener listener(out, request.config, sync.states);
    const std::string error = run_sync(sync, listener);
    if (error.empty()) return 0;
    err << "connector-host singer: " << error << "\n";
  } catch (const std::exception& e) {
    err << "connector-host singer: " << e.what() << "\n";
  }
  return 1;
}

}  // namespace host::sync
