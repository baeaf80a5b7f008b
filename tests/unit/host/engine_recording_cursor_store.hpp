// engine_recording_cursor_store.hpp: the real SQLite cursor store in a test directory, recording
// every cursor it commits (so a test can check that the cursor only moved forward).
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/flows/export/cursor_store.hpp"
#include "store/database.hpp"

namespace host::engine::testing {

class RecordingCursorStore : public CursorStore {
 public:
  explicit RecordingCursorStore(const store::StateLocation& state)
      : db_(store::Database::open(state)), inner_(make_cursor_store(*db_)) {}
  // The SQLite state in `dir` (dir/state.db).
  explicit RecordingCursorStore(const std::filesystem::path& dir)
      : RecordingCursorStore(store::StateLocation{.dir = dir, .database_uri = {}}) {}

  std::optional<ExportStream> load(const std::string& flow, const std::string& output) override {
    return inner_->load(flow, output);
  }
  std::vector<ExportStream> streams_of_file(const std::string& output, uint64_t device,
                                            uint64_t inode) override {
    return inner_->streams_of_file(output, device, inode);
  }
  void save(const ExportStream& stream) override { inner_->save(stream); }
  void remove(const std::string& flow, const std::string& output) override {
    inner_->remove(flow, output);
  }
  void begin_append(const std::string& flow, const std::string& output,
                    uint64_t pending_bytes) override {
    inner_->begin_append(flow, output, pending_bytes);
  }
  void commit(const std::string& flow, const std::string& output, std::optional<int64_t> cursor,
              const OutputMark& mark) override {
    inner_->commit(flow, output, cursor, mark);
    if (cursor) history.push_back(*cursor);
  }
  void mark_completed(const std::string& flow, const std::string& output) override {
    inner_->mark_completed(flow, output);
  }

  // The stream of `flow` writing `output` (given as the test wrote it).
  std::optional<ExportStream> stream(const std::string& flow, const std::filesystem::path& output) {
    return inner_->load(flow, std::filesystem::weakly_canonical(output).string());
  }
  std::optional<int64_t> cursor(const std::string& flow, const std::filesystem::path& output) {
    const auto s = stream(flow, output);
    return s ? s->cursor : std::nullopt;
  }

  std::vector<int64_t> history;
  store::Database& db() { return *db_; }

 private:
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<CursorStore> inner_;
};

}  // namespace host::engine::testing
