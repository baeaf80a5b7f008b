// record_source.hpp: where an import's records come from (a JSON Lines file, a request body, a
// queue). The import runner reads a source from one thread, in order, and numbers each
// record's outcome (its "line" in the results) by the number the source gives it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "engine/flows/jsonl_file.hpp"

namespace host::engine {

struct SourceRecord {
  uint64_t number = 0;    // 1-based position in the source (a file's line number)
  std::string_view text;  // one record: a JSON object's text; valid until the next call
};

// THREADING: one thread at a time.
// ERRORS: next() throws std::runtime_error naming the source when it cannot be read; the run
// then stops with that error (records read before it are imported).
class RecordSource {
 public:
  virtual ~RecordSource() = default;
  // The next record, or nullopt at the end.
  virtual std::optional<SourceRecord> next() = 0;
};

// A JSON Lines file; blank lines are skipped (their numbers are not reused).
// ERRORS: the constructor throws std::runtime_error when the file cannot be opened.
class JsonlFileSource : public RecordSource {
 public:
  explicit JsonlFileSource(const std::filesystem::path& path) : reader_(path) {}
  std::optional<SourceRecord> next() override {
    uint64_t number = 0;
    const auto line = reader_.next(number);
    if (!line) return std::nullopt;
    return SourceRecord{number, *line};
  }

 private:
  JsonlReader reader_;
};

}  // namespace host::engine
