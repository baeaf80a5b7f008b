#include "engine/flows/export/export_slice_worker.hpp"

#include <stdexcept>
#include <utility>
#include <vector>

#include "engine/flows/jsonl_values.hpp"
#include "engine/flows/paging_loop.hpp"

namespace host::engine {
namespace {

// Thrown inside the page callback to end the slice with a message.
struct SliceFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace

SliceOutcome SliceExporter::run(const std::optional<TimeSlice>& window,
                                const std::filesystem::path& spool) {
  const int64_t order = slice_order(window);
  const bool splittable = shared_.split_above > 0 && window && window->to - window->from >= 2;
  SliceOutcome outcome;
  try {
    outcome.spool = SliceSpool(spool, *shared_.spool_budget);
    std::string lines;  // one response's records, appended to the spool together
    bool limit_reached = false;

    // Writes the records of one response; false when the record limit is reached.
    auto write_records = [&](const CallResult& page) {
      lines.clear();
      for (size_t i = 0; i < page.records.size(); ++i) {
        if (shared_.record_limit != 0 && shared_.records.fetch_add(1) >= shared_.record_limit) {
          limit_reached = true;
          break;
        }
        if (shared_.record_limit == 0) shared_.records.fetch_add(1);
        if (!append_minified_line(page.record(i), lines)) {
          throw SliceFailure("a record of " + endpoint_.id + " is not valid JSON");
        }
        ++outcome.records;
      }
      outcome.spool.append(lines);
      return !limit_reached;
    };

    bool first_page = true;
    auto on_page = [&](const CallResult& page) {
      shared_.pages.fetch_add(1);
      if (shared_.should_stop(order)) return false;
      if (std::exchange(first_page, false) && splittable &&
          page.total_count > shared_.split_above) {
        outcome.split_total = page.total_count;
        return false;
      }
      if (!detail_) return write_records(page);
      std::vector<std::string> keys;
      for (size_t i = 0; i < page.records.size(); ++i) {
        auto key = json_scalar_text(page.key(i));
        if (!key) throw SliceFailure("a record of " + endpoint_.id + " has no usable key");
        keys.push_back(std::move(*key));
        if (keys.size() == static_cast<size_t>(detail_->batch) || i + 1 == page.records.size()) {
          CallResult details = caller_.call(requests_.for_detail(*detail_, keys));
          shared_.pages.fetch_add(1);
          if (!details.ok()) throw SliceFailure(detail_->endpoint + ": " + details.describe());
          outcome.searched += keys.size();
          if (details.records.size() < keys.size()) {
            outcome.missing_details += keys.size() - details.records.size();
          }
          if (!write_records(details)) return false;
          keys.clear();
        }
      }
      return !shared_.should_stop(order);
    };

    const PagingOutcome paged =
        page_through(caller_, endpoint_.paging, page_size_, requests_.for_slice(window), on_page);
    outcome.spool.close();
    if (!paged.ok) {
      outcome.error = endpoint_.id + ": " + paged.failure.describe();
    } else if (outcome.split_total >= 0) {
      return outcome;  // neither a success nor a failure: the runner splits the slice
    } else if (paged.stopped_early && !limit_reached) {
      outcome.error = "stopped because an earlier slice failed";
    } else {
      outcome.ok = true;
    }
  } catch (const std::exception& e) {
    outcome.ok = false;
    outcome.error = e.what();
  }
  if (!outcome.ok) shared_.note_failure(order);
  if (outcome.ok && shared_.record_limit != 0 && shared_.records.load() >= shared_.record_limit) {
    shared_.stop.store(true);
  }
  return outcome;
}

}  // namespace host::engine
