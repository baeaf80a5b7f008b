// export_output_mark.hpp: what identifies an export's output file as the one a flow committed.
//
// Chosen: device + inode (the file was not replaced or rotated), the committed size (nothing was
// cut, and bytes past it are new), the modification time in nanoseconds (nothing was written
// since the commit, when no append of our own is pending) and the SHA-256 of the last 64 KiB of
// the committed prefix (the end of what we committed is intact even after an interrupted append
// of our own changed the mtime). A hash of the whole prefix would prove more but costs a read of
// the whole file (gigabytes for a long-lived delta output) on every run and every slice; an edit
// deep inside the file that keeps its size and mtime has to be deliberate.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "engine/flows/export/cursor_store.hpp"

namespace host::engine {

inline constexpr uint64_t kOutputTailDigestBytes = 64 * 1024;

// What stat() says about a file now.
struct FileState {
  uint64_t device = 0;
  uint64_t inode = 0;
  uint64_t size = 0;
  int64_t mtime_ns = 0;
  bool ends_with_newline = true;  // or is empty
};

// The file's state, or nullopt when it does not exist. ERRORS: throws std::runtime_error naming
// the file when it exists but cannot be read.
std::optional<FileState> read_file_state(const std::filesystem::path& path);

// Hex SHA-256 of the bytes [max(0, size - kOutputTailDigestBytes), size) of the file.
// ERRORS: throws std::runtime_error naming the file.
std::string tail_digest(const std::filesystem::path& path, uint64_t size);

// The mark of the file as it is now (size: its current size). ERRORS: as above; a missing file
// is an error here.
OutputMark read_output_mark(const std::filesystem::path& path);

}  // namespace host::engine
