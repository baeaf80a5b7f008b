#include "engine/flows/jsonl_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <sys/stat.h>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace host::engine {
namespace {

constexpr size_t kBlock = 64 * 1024;
constexpr size_t kCopyChunk = 64 * 1024 * 1024;  // per copy_file_range call

[[noreturn]] void fail(const std::filesystem::path& path, const char* what) {
  throw std::runtime_error(std::string("cannot ") + what + " " + path.string() + ": " +
                           std::strerror(errno));
}

}  // namespace

JsonlWriter::JsonlWriter(std::filesystem::path path, OpenMode mode) : path_(std::move(path)) {
  if (path_.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(path_.parent_path(), ec);
  }
  const int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (mode == OpenMode::kTruncate ? O_TRUNC : 0);
  fd_ = ::open(path_.c_str(), flags, 0644);
  if (fd_ < 0) fail(path_, "open");
  struct stat st {};
  if (::fstat(fd_, &st) != 0) fail(path_, "stat");
  written_ = static_cast<uint64_t>(st.st_size);
  buffer_.reserve(kBlock);
}

JsonlWriter::~JsonlWriter() {
  if (fd_ < 0) return;
  try {
    flush();
  } catch (...) {
    // The destructor cannot report; callers that care call sync() first.
  }
  ::close(fd_);
}

void JsonlWriter::write_all(std::string_view bytes) {
  while (!bytes.empty()) {
    // pwrite at our own offset: truncate() may have moved the end of the file.
    const ssize_t n = ::pwrite(fd_, bytes.data(), bytes.size(), static_cast<off_t>(written_));
    if (n < 0) {
      if (errno == EINTR) continue;
      fail(path_, "write");
    }
    written_ += static_cast<uint64_t>(n);
    bytes.remove_prefix(static_cast<size_t>(n));
  }
}

void JsonlWriter::append(std::string_view bytes) {
  if (buffer_.size() + bytes.size() > kBlock) flush();
  if (bytes.size() >= kBlock) {
    write_all(bytes);
  } else {
    buffer_.append(bytes);
  }
}

void JsonlWriter::append_file(const std::filesystem::path& other) {
  flush();
  const int in = ::open(other.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) fail(other, "open");
  // Let the kernel move the bytes (no round trip through user memory); fall back to reading
  // and writing where it cannot (another file system, an old kernel).
  while (true) {
    off_t out_offset = static_cast<off_t>(written_);
    const ssize_t n = ::copy_file_range(in, nullptr, fd_, &out_offset, kCopyChunk, 0);
    if (n > 0) {
      written_ += static_cast<uint64_t>(n);
      continue;
    }
    if (n == 0) {
      ::close(in);
      return;
    }
    if (errno == EINTR) continue;
    if (errno == EXDEV || errno == ENOSYS || errno == EINVAL || errno == EOPNOTSUPP) break;
    ::close(in);
    fail(path_, "copy into");
  }
  std::string block(kBlock, '\0');
  while (true) {
    const ssize_t n = ::read(in, block.data(), block.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      ::close(in);
      fail(other, "read");
    }
    if (n == 0) break;
    write_all(std::string_view(block.data(), static_cast<size_t>(n)));
  }
  ::close(in);
}

void JsonlWriter::flush() {
  if (buffer_.empty()) return;
  std::string pending;
  pending.swap(buffer_);
  write_all(pending);
  pending.clear();
  buffer_.swap(pending);
}

void JsonlWriter::sync() {
  flush();
  if (::fsync(fd_) != 0) fail(path_, "fsync");
}

void JsonlWriter::truncate(uint64_t bytes) {
  flush();
  if (::ftruncate(fd_, static_cast<off_t>(bytes)) != 0) fail(path_, "truncate");
  written_ = bytes;
  if (::fsync(fd_) != 0) fail(path_, "fsync");
}

JsonlReader::JsonlReader(const std::filesystem::path& path) : path_(path) {
  fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) fail(path_, "open");
}

JsonlReader::~JsonlReader() {
  if (fd_ >= 0) ::close(fd_);
}

bool JsonlReader::fill() {
  if (eof_) return false;
  if (pos_ > 0) {
    buffer_.erase(0, pos_);
    pos_ = 0;
  }
  const size_t old = buffer_.size();
  buffer_.resize(old + kBlock);
  ssize_t n;
  do {
    n = ::read(fd_, buffer_.data() + old, kBlock);
  } while (n < 0 && errno == EINTR);
  if (n < 0) fail(path_, "read");
  buffer_.resize(old + static_cast<size_t>(n));
  if (n == 0) eof_ = true;
  return n > 0;
}

std::optional<std::string_view> JsonlReader::next(uint64_t& line_number) {
  while (true) {
    const size_t nl = buffer_.find('\n', pos_);
    std::string_view line;
    if (nl != std::string::npos) {
      line = std::string_view(buffer_).substr(pos_, nl - pos_);
      pos_ = nl + 1;
    } else if (fill()) {
      continue;
    } else if (pos_ < buffer_.size()) {
      line = std::string_view(buffer_).substr(pos_);  // a last line without newline
      pos_ = buffer_.size();
    } else {
      return std::nullopt;
    }
    ++line_;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    line_number = line_;
    return line;
  }
}

}  // namespace host::engine
