// SliceSpool: a slice's records stay in memory while the budget allows and move to the spool
// file when it does not, byte for byte, giving the budget back when the spool goes.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "engine/flows/export/slice_spool.hpp"
#include "file_contents.hpp"
#include "test_directory.hpp"

namespace host::engine {
namespace {

class EngineSliceSpool : public ::testing::Test {
 protected:
  test_support::TestDirectory scratch_{"engine_slice_spool"};
  const std::filesystem::path file_ = scratch_.path() / "slice-0.jsonl";
};

// `count` lines of about `width` bytes each, numbered so that a lost or moved line shows.
std::string numbered_lines(int first, int count, size_t width) {
  std::string out;
  for (int i = first; i < first + count; ++i) {
    out += "{\"n\":" + std::to_string(i) + ",\"pad\":\"" + std::string(width, 'x') + "\"}\n";
  }
  return out;
}

std::vector<std::string> records_of(const SliceRecords& records) {
  std::vector<std::string> out;
  records.for_each([&](std::string_view record) { out.emplace_back(record); });
  return out;
}

TEST_F(EngineSliceSpool, RecordsStayInMemoryWithinTheBudgetAndNoFileIsMade) {
  SpoolBudget budget(uint64_t{4} * 1024 * 1024);
  const std::string page1 = numbered_lines(0, 100, 100);
  const std::string page2 = numbered_lines(100, 100, 100);
  SliceSpool spool(file_, budget);
  spool.append(page1);
  spool.append(page2);
  spool.close();
  EXPECT_FALSE(spool.spilled());
  EXPECT_FALSE(std::filesystem::exists(file_));
  const SliceRecords records = spool.records(200);
  ASSERT_TRUE(records.lines_in_memory().has_value());
  EXPECT_EQ(*records.lines_in_memory(), page1 + page2);
  EXPECT_EQ(records.bytes(), page1.size() + page2.size());
  const auto each = records_of(records);
  ASSERT_EQ(each.size(), 200u);
  EXPECT_EQ(each.front() + "\n", numbered_lines(0, 1, 100));
  EXPECT_EQ(each.back() + "\n", numbered_lines(199, 1, 100));
  EXPECT_GT(budget.held(), 0u);
}

TEST_F(EngineSliceSpool, ASpoolPastTheBudgetMovesToItsFileByteForByte) {
  SpoolBudget budget(uint64_t{512} * 1024);
  SliceSpool spool(file_, budget);
  std::string all;
  for (int page = 0; page < 10; ++page) {  // about 100 KiB a page: past the budget at page 6
    const std::string lines = numbered_lines(page * 100, 100, 1000);
    spool.append(lines);
    all += lines;
  }
  spool.close();
  EXPECT_TRUE(spool.spilled());
  EXPECT_EQ(budget.held(), 0u);  // what it held went to the file with the rest
  const SliceRecords records = spool.records(1000);
  EXPECT_FALSE(records.lines_in_memory().has_value());
  EXPECT_EQ(records.spool_file(), file_);
  EXPECT_EQ(test_support::file_bytes(file_), all);
  EXPECT_EQ(records.bytes(), all.size());
  EXPECT_EQ(records_of(records).size(), 1000u);
}

TEST_F(EngineSliceSpool, TheBudgetIsSharedAndGivenBackWhenASpoolGoes) {
  SpoolBudget budget(uint64_t{1024} * 1024);
  const std::string half = numbered_lines(0, 400, 1000);  // about 410 KiB
  {
    SliceSpool first(scratch_.path() / "a.jsonl", budget);
    first.append(half);
    SliceSpool moved = std::move(first);  // the budget follows the records
    SliceSpool second(scratch_.path() / "b.jsonl", budget);
    second.append(half);
    second.append(half);  // past what the first one left
    EXPECT_FALSE(moved.spilled());
    EXPECT_TRUE(second.spilled());
    EXPECT_GT(budget.held(), 0u);
  }
  EXPECT_EQ(budget.held(), 0u);
  SliceSpool third(scratch_.path() / "c.jsonl", budget);
  third.append(half);
  third.append(half);
  EXPECT_FALSE(third.spilled());
}

TEST_F(EngineSliceSpool, ABudgetNeverGoesPastItsLimit) {
  SpoolBudget budget(100);
  EXPECT_TRUE(budget.take(60));
  EXPECT_FALSE(budget.take(41));
  EXPECT_TRUE(budget.take(40));
  EXPECT_FALSE(budget.take(1));
  budget.give_back(100);
  EXPECT_FALSE(budget.take(101));
  EXPECT_EQ(budget.held(), 0u);
}

}  // namespace
}  // namespace host::engine
