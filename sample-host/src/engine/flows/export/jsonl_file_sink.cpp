#include "engine/flows/export/jsonl_file_sink.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <stdexcept>

#include "engine/flows/export/export_output_mark.hpp"

namespace host::engine {

// An exclusive lock on "<output>.lock" for the run: two runs appending to one output would
// interleave slices and break the committed-size bookkeeping. The kernel drops the lock when
// the process dies, so a killed run never blocks the next one.
class OutputLock {
 public:
  explicit OutputLock(const std::filesystem::path& output) {
    const std::filesystem::path path = output.string() + ".lock";
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) throw std::runtime_error("cannot create the lock file " + path.string());
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      ::close(fd_);
      throw std::runtime_error("another run is writing " + output.string() + " right now");
    }
  }
  ~OutputLock() { ::close(fd_); }
  OutputLock(const OutputLock&) = delete;
  OutputLock& operator=(const OutputLock&) = delete;

 private:
  int fd_ = -1;
};

JsonlFileSink::JsonlFileSink(const std::filesystem::path& output, CursorStore* cursors,
                             JsonlFileSinkOptions options)
    : output_(std::filesystem::weakly_canonical(std::filesystem::absolute(output))),
      cursors_(cursors),
      options_(options) {}

JsonlFileSink::~JsonlFileSink() = default;

SinkStart JsonlFileSink::start(const SinkStartRequest& request) {
  flow_ = request.flow;
  test_ = request.mode == ExportMode::kTest;
  if (!test_ && cursors_ == nullptr) {
    throw std::logic_error("a JSON Lines sink needs a cursor store outside mode test");
  }
  if (output_.has_parent_path()) std::filesystem::create_directories(output_.parent_path());
  lock_ = std::make_unique<OutputLock>(output_);
  SinkStart start;
  if (test_) {
    if (cursors_ != nullptr) start.refusal = test_output_refusal(*cursors_, output_.string());
    return start;
  }
  claim_ = claim_export_output(
      *cursors_, {flow_, output_.string(),
                  request.mode == ExportMode::kOnce ? StreamMode::kOnce : StreamMode::kDelta,
                  request.definition, options_.take_over_output, options_.reset_cursor});
  start.refusal = claim_.refusal;
  start.cursor = claim_.stream.cursor;
  start.completed = claim_.stream.completed;
  start.warnings = claim_.warnings;
  return start;
}

void JsonlFileSink::open() {
  writer_.emplace(output_,
                  test_ ? JsonlWriter::OpenMode::kTruncate : JsonlWriter::OpenMode::kAppend);
  if (test_) return;
  if (claim_.cut_to) writer_->truncate(*claim_.cut_to);
  for (const ExportStream& other : claim_.released) cursors_->remove(other.flow, other.output);
  writer_->sync();
  ExportStream& stream = claim_.stream;
  stream.mark = read_output_mark(output_);
  stream.committed_bytes = stream.mark->size;
  cursors_->save(stream);
}

void JsonlFileSink::append(const SliceRecords& records) {
  if (!test_) cursors_->begin_append(flow_, output_.string(), writer_->size() + records.bytes());
  if (const auto lines = records.lines_in_memory()) {
    writer_->append(*lines);
  } else {
    writer_->append_file(records.spool_file());
  }
}

void JsonlFileSink::commit(std::optional<int64_t> cursor) {
  writer_->sync();
  if (!test_) cursors_->commit(flow_, output_.string(), cursor, read_output_mark(output_));
}

void JsonlFileSink::finish(bool completed_once) {
  writer_->sync();
  if (completed_once && !test_) cursors_->mark_completed(flow_, output_.string());
}

}  // namespace host::engine
