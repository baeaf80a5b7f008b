#include "engine/flows/export/record_sink.hpp"

#include "engine/flows/jsonl_file.hpp"

namespace host::engine {

uint64_t SliceRecords::bytes() const { return std::filesystem::file_size(spool_); }

void SliceRecords::for_each(const std::function<void(std::string_view)>& each) const {
  JsonlReader reader(spool_);
  uint64_t line = 0;
  while (const auto record = reader.next(line)) each(*record);
}

}  // namespace host::engine
