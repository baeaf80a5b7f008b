// jsonl_file.hpp: JSON Lines files the engine writes and reads, with explicit durability.
//
// Writes go straight to the file descriptor through a bounded buffer, so memory stays flat
// whatever the number of records; sync() is the durability point (fsync) that cursor and ledger
// updates wait for.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace host::engine {

// A file opened for appending lines. THREADING: one thread at a time.
// ERRORS: every operation throws std::runtime_error naming the file and errno's explanation.
class JsonlWriter {
 public:
  enum class OpenMode { kAppend, kTruncate };
  JsonlWriter(std::filesystem::path path, OpenMode mode);
  ~JsonlWriter();  // flushes (best effort) and closes; does not fsync
  JsonlWriter(const JsonlWriter&) = delete;
  JsonlWriter& operator=(const JsonlWriter&) = delete;

  // Buffers `bytes` (whole lines, newline included); writes out when the buffer passes 64 KiB.
  void append(std::string_view bytes);
  // Appends the whole content of another file (a spool): copy_file_range where the kernel can,
  // else streaming in 64 KiB blocks.
  void append_file(const std::filesystem::path& other);
  void flush();
  // flush() + fsync(): everything appended so far survives a crash.
  void sync();
  // The file's size including buffered bytes.
  uint64_t size() const { return written_ + buffer_.size(); }
  // Cuts the file back to `bytes` (dropping a torn or uncommitted tail). REQUIRES: bytes <= size.
  void truncate(uint64_t bytes);
  const std::filesystem::path& path() const { return path_; }

 private:
  void write_all(std::string_view bytes);
  std::filesystem::path path_;
  int fd_ = -1;
  uint64_t written_ = 0;
  std::string buffer_;
};

// Reads a JSON Lines file one line at a time with a bounded buffer. Blank lines are skipped.
// THREADING: one thread at a time. ERRORS: throws std::runtime_error naming the file.
class JsonlReader {
 public:
  explicit JsonlReader(const std::filesystem::path& path);
  ~JsonlReader();
  JsonlReader(const JsonlReader&) = delete;
  JsonlReader& operator=(const JsonlReader&) = delete;

  // The next non-blank line without its newline, or nullopt at the end. `line_number` gets its
  // 1-based number. The view is valid until the next call.
  std::optional<std::string_view> next(uint64_t& line_number);

 private:
  bool fill();
  std::filesystem::path path_;
  int fd_ = -1;
  std::string buffer_;
  size_t pos_ = 0;
  bool eof_ = false;
  uint64_t line_ = 0;
};

}  // namespace host::engine
