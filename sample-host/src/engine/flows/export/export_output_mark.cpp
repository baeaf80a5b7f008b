#include "engine/flows/export/export_output_mark.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "engine/flows/jsonl_values.hpp"

namespace host::engine {
namespace {

[[noreturn]] void fail(const std::filesystem::path& path, const char* what) {
  throw std::runtime_error("cannot " + std::string(what) + " " + path.string() + ": " +
                           std::strerror(errno));
}

class Fd {
 public:
  explicit Fd(const std::filesystem::path& path) : fd_(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {
    if (fd_ < 0) fail(path, "open");
  }
  ~Fd() { ::close(fd_); }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

std::string read_range(const std::filesystem::path& path, int fd, uint64_t from, uint64_t to) {
  std::string bytes(static_cast<size_t>(to - from), '\0');
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n =
        ::pread(fd, bytes.data() + done, bytes.size() - done, static_cast<off_t>(from + done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail(path, "read");
    if (n == 0) {
      errno = 0;
      throw std::runtime_error(path.string() + " is shorter than " + std::to_string(to) + " bytes");
    }
    done += static_cast<size_t>(n);
  }
  return bytes;
}

}  // namespace

std::optional<FileState> read_file_state(const std::filesystem::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return std::nullopt;
    fail(path, "stat");
  }
  FileState out;
  out.device = static_cast<uint64_t>(st.st_dev);
  out.inode = static_cast<uint64_t>(st.st_ino);
  out.size = static_cast<uint64_t>(st.st_size);
  out.mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
  if (out.size > 0) {
    Fd fd(path);
    out.ends_with_newline = read_range(path, fd.get(), out.size - 1, out.size) == "\n";
  }
  return out;
}

std::string tail_digest(const std::filesystem::path& path, uint64_t size) {
  Fd fd(path);
  const uint64_t from = size > kOutputTailDigestBytes ? size - kOutputTailDigestBytes : 0;
  return sha256_hex(read_range(path, fd.get(), from, size));
}

OutputMark read_output_mark(const std::filesystem::path& path) {
  const auto state = read_file_state(path);
  if (!state) {
    errno = ENOENT;
    fail(path, "stat");
  }
  OutputMark mark;
  mark.device = state->device;
  mark.inode = state->inode;
  mark.size = state->size;
  mark.mtime_ns = state->mtime_ns;
  mark.tail_sha256 = tail_digest(path, state->size);
  return mark;
}

}  // namespace host::engine
