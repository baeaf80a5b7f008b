#include "engine/flows/export/slice_spool.hpp"

#include <algorithm>
#include <utility>

#include "engine/flows/jsonl_file.hpp"

namespace host::engine {
namespace {

// Memory grows in steps of at least this much (and doubling), so a slice takes the budget a
// few times, not once per page.
constexpr uint64_t kGrowthStep = uint64_t{256} * 1024;

}  // namespace

bool SpoolBudget::take(uint64_t bytes) {
  uint64_t held = held_.load();
  do {
    if (bytes > limit_ || held > limit_ - bytes) return false;
  } while (!held_.compare_exchange_weak(held, held + bytes));
  return true;
}

SpoolBudget& process_spool_budget() {
  static SpoolBudget budget(uint64_t{8} * 1024 * 1024);
  return budget;
}

SliceSpool::SliceSpool(std::filesystem::path file, SpoolBudget& budget)
    : file_(std::move(file)), budget_(&budget) {}

SliceSpool::SliceSpool(SliceSpool&& other) noexcept
    : file_(std::move(other.file_)),
      budget_(other.budget_),
      memory_(std::move(other.memory_)),
      held_(std::exchange(other.held_, 0)),
      spilled_(other.spilled_),
      writer_(std::move(other.writer_)) {}

SliceSpool& SliceSpool::operator=(SliceSpool&& other) noexcept {
  if (this != &other) {
    release();
    file_ = std::move(other.file_);
    budget_ = other.budget_;
    memory_ = std::move(other.memory_);
    held_ = std::exchange(other.held_, 0);
    spilled_ = other.spilled_;
    writer_ = std::move(other.writer_);
  }
  return *this;
}

SliceSpool::~SliceSpool() { release(); }

void SliceSpool::release() {
  if (budget_ != nullptr && held_ > 0) budget_->give_back(held_);
  held_ = 0;
  std::string().swap(memory_);
}

void SliceSpool::append(std::string_view lines) {
  if (!spilled_) {
    const uint64_t needed = memory_.size() + lines.size();
    if (needed > held_) {
      const uint64_t grown = std::max({needed, 2 * held_, kGrowthStep});
      if (budget_ != nullptr && budget_->take(grown - held_)) {
        memory_.reserve(grown);
        held_ = grown;
      } else {
        spill();
      }
    }
  }
  if (spilled_) {
    writer_->append(lines);
  } else {
    memory_.append(lines);
  }
}

void SliceSpool::spill() {
  writer_ = std::make_unique<JsonlWriter>(file_, JsonlWriter::OpenMode::kTruncate);
  spilled_ = true;
  writer_->append(memory_);
  release();
}

void SliceSpool::close() {
  if (writer_) writer_->flush();
}

SliceRecords SliceSpool::records(uint64_t count) const {
  if (spilled_) return SliceRecords(file_, count);
  return SliceRecords(std::string_view(memory_), count);
}

}  // namespace host::engine
