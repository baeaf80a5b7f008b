#include "webhook/inbox_drain.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include <simdjson.h>
#include <json_writer/json_writer.hpp>

#include "store/process_alive.hpp"
#include "webhook/inbox_store.hpp"
#include "webhook/webhook_tables.hpp"

namespace host::webhook {
namespace {

// How long a drain holds the events it took: ample for writing and syncing one batch. A drain of
// another host whose process died leaves its events to others after this.
constexpr int64_t kClaimSeconds = 60;

[[noreturn]] void fail(const std::filesystem::path& path, std::string_view what) {
  throw std::runtime_error("cannot " + std::string(what) + " " + path.string() + ": " +
                           std::strerror(errno));
}

// The output file, open for appending under an exclusive lock; closed (and unlocked) on scope exit.
class LockedAppendFile {
 public:
  explicit LockedAppendFile(const std::filesystem::path& path) : path_(path) {
    fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0644);
    if (fd_ >= 0) {
      created_ = true;
    } else if (errno == EEXIST) {
      fd_ = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
    }
    if (fd_ < 0) fail(path_, "open");
    while (::flock(fd_, LOCK_EX) != 0) {
      if (errno != EINTR) fail(path_, "lock");
    }
  }
  ~LockedAppendFile() { ::close(fd_); }
  LockedAppendFile(const LockedAppendFile&) = delete;
  LockedAppendFile& operator=(const LockedAppendFile&) = delete;

  // Ends a torn last line (a crash mid-write) so that the next line starts on its own.
  void close_torn_tail() {
    struct stat st {};
    if (::fstat(fd_, &st) != 0) fail(path_, "stat");
    if (st.st_size == 0) return;
    // O_APPEND does not stop pread at an offset; open read access separately for one byte.
    const int reader = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (reader < 0) fail(path_, "read");
    char last = '\n';
    const ssize_t got = ::pread(reader, &last, 1, st.st_size - 1);
    ::close(reader);
    if (got != 1) fail(path_, "read");
    if (last != '\n') append("\n");
  }

  void append(std::string_view bytes) {
    while (!bytes.empty()) {
      const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
      if (n < 0) {
        if (errno == EINTR) continue;
        fail(path_, "write");
      }
      bytes.remove_prefix(static_cast<size_t>(n));
    }
  }

  // The durability point: the appended lines (and, for a new file, its directory entry).
  void sync() {
    if (::fsync(fd_) != 0) fail(path_, "fsync");
    if (!created_ || dir_synced_) return;
    std::filesystem::path dir = path_.parent_path();
    if (dir.empty()) dir = ".";
    const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir_fd < 0) fail(dir, "open directory");
    const int rc = ::fsync(dir_fd);
    ::close(dir_fd);
    if (rc != 0) fail(dir, "fsync directory");
    dir_synced_ = true;
  }

 private:
  std::filesystem::path path_;
  int fd_ = -1;
  bool created_ = false;
  bool dir_synced_ = false;
};

// Appends one event's line. The body was verified as a JSON object, so it minifies; should a
// stored body ever fail to, it is kept whole as a string under "body_text" rather than dropped.
void append_line(std::string& out, const InboxEvent& e) {
  jsonw::Writer w(out);
  w.begin_object()
      .field("connection", e.connection)
      .field("event_id", e.event_id)
      .field("event_type", e.event_type)
      .field("account_id", e.account_id)
      .field("occurred_at", e.occurred_at)
      .field("received_at", e.received_at);
  // Some simdjson kernels write whole blocks, hence the padding.
  std::string minified(e.body.size() + simdjson::SIMDJSON_PADDING, '\0');
  size_t minified_len = 0;
  if (simdjson::minify(e.body.data(), e.body.size(), minified.data(), minified_len) ==
          simdjson::SUCCESS &&
      minified_len > 0) {
    minified.resize(minified_len);
    w.raw_field("body", minified);
  } else {
    w.field("body_text", e.body);
  }
  w.end_object();
  out.push_back('\n');
}

int64_t system_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

DrainResult drain_inbox(store::Database& db, std::string_view connection,
                        const std::filesystem::path& output, const DrainOptions& options) {
  migrate_webhook_tables(db);
  LockedAppendFile file(output);
  file.close_torn_tail();
  DrainResult result;
  const size_t batch_size = options.batch_size == 0 ? 1 : options.batch_size;
  // This drain's name on the events it takes (inbox_store.hpp claim_undelivered): another drain
  // at the same time, here or on another host sharing the state, takes other events.
  static std::atomic<uint64_t> drains{0};
  const std::string claimant =
      store::this_host() + ":" + std::to_string(::getpid()) + ":" + std::to_string(++drains);
  // Given back when the drain fails after taking a batch, so the next drain writes it again.
  struct Release {
    store::Database& db;
    const std::string& claimant;
    ~Release() {
      try {
        release_claims(db, claimant);
      } catch (...) {
        // The claims then run out after kClaimSeconds.
      }
    }
  } release{db, claimant};
  std::string lines;
  for (;;) {
    const int64_t now = options.now_unix_seconds ? options.now_unix_seconds() : system_now();
    const std::vector<InboxEvent> batch =
        claim_undelivered(db, connection, claimant, now, kClaimSeconds, batch_size);
    if (batch.empty()) break;
    lines.clear();
    std::vector<int64_t> row_ids;
    row_ids.reserve(batch.size());
    for (const InboxEvent& e : batch) {
      append_line(lines, e);
      row_ids.push_back(e.row_id);
    }
    file.append(lines);
    file.sync();
    if (options.after_write_synced) options.after_write_synced();
    mark_delivered(db, row_ids,
                   options.now_unix_seconds ? options.now_unix_seconds() : system_now());
    result.events += batch.size();
    ++result.batches;
  }
  return result;
}

}  // namespace host::webhook
