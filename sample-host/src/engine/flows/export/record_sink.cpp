#include "engine/flows/export/record_sink.hpp"

#include <stdexcept>

#include "engine/flows/jsonl_file.hpp"

namespace host::engine {

namespace {

[[noreturn]] void in_time_order_only(const RecordSink& sink) {
  throw std::logic_error("sink " + sink.destination() + " commits slices in time order only");
}

}  // namespace

std::optional<int64_t> RecordSink::commit_window(const TimeSlice& /*window*/, int64_t /*origin*/) {
  in_time_order_only(*this);
}

std::optional<int64_t> RecordSink::stored_cursor() { in_time_order_only(*this); }

uint64_t SliceRecords::bytes() const {
  return in_memory_ ? lines_.size() : std::filesystem::file_size(spool_);
}

void SliceRecords::for_each(const std::function<void(std::string_view)>& each) const {
  if (!in_memory_) {
    JsonlReader reader(spool_);
    uint64_t line = 0;
    while (const auto record = reader.next(line)) each(*record);
    return;
  }
  std::string_view rest = lines_;
  while (!rest.empty()) {
    const size_t end = rest.find('\n');
    const std::string_view record = rest.substr(0, end);
    if (!record.empty()) each(record);
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 1);
  }
}

}  // namespace host::engine
