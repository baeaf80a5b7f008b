// jsonl_file_sink.hpp: the JSON Lines file an export appends to, with its ownership marks: the
// RecordSink of `connector-host run`.
//
// The cursor lives in a CursorStore row bound to the file (cursor_store.hpp). start() takes an
// exclusive lock on "<output>.lock" for the run and claims the file (export_output_claim.hpp):
// a file this stream did not commit, or one changed since, or a cursor made for another
// definition, is refused and nothing is written. append() records the size the file will have
// as pending and appends the slice; commit() fsyncs the file and only then stores the cursor
// and the file's new mark, in one statement. A run that dies between the two leaves bytes the
// pending size covers: the next run cuts them off and redoes the slice.
// Mode test truncates the file (it refuses a file any stream committed to) and keeps no cursor.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "engine/flows/export/cursor_store.hpp"
#include "engine/flows/export/export_output_claim.hpp"
#include "engine/flows/export/record_sink.hpp"
#include "engine/flows/jsonl_file.hpp"

namespace host::engine {

struct JsonlFileSinkOptions {
  bool take_over_output = false;  // accept the output as it is now as this stream's
  bool reset_cursor = false;      // forget the stored cursor and bind it to the definition
};

class OutputLock;

// OWNERSHIP: borrows `cursors`, which must outlive the sink; it may be null only for mode test
// (the test output is then not checked against committed outputs).
class JsonlFileSink : public RecordSink {
 public:
  JsonlFileSink(const std::filesystem::path& output, CursorStore* cursors,
                JsonlFileSinkOptions options = {});
  ~JsonlFileSink() override;

  // The canonical path: two spellings of one file (or a symlink to it) are one stream.
  const std::filesystem::path& output() const { return output_; }

  std::string destination() const override { return output_.string(); }
  std::filesystem::path spool_directory() const override { return output_.string() + ".spool"; }
  SinkStart start(const SinkStartRequest& request) override;
  void open() override;
  void append(const SliceRecords& records) override;
  void commit(std::optional<int64_t> cursor) override;
  void finish(bool completed_once) override;

 private:
  std::filesystem::path output_;
  CursorStore* cursors_;
  JsonlFileSinkOptions options_;
  std::string flow_;
  bool test_ = false;
  std::unique_ptr<OutputLock> lock_;
  OutputClaim claim_;
  std::optional<JsonlWriter> writer_;
};

}  // namespace host::engine
