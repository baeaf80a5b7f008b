// `connector-host runs list|show` after real runs against the in-process sandbox: what the
// history recorded matches what the sandbox saw, and --flow / --failed select the right rows.
#include <sstream>
#include <string>

#include "run_e2e_fixture.hpp"

namespace connection_e2e {
namespace {

// The value after "label:" on `runs show`'s output, or "" when there is no such line.
std::string field(const std::string& show_output, const std::string& label) {
  std::istringstream lines(show_output);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(label + ":", 0) != 0) continue;
    const auto value = line.find_first_not_of(' ', label.size() + 1);
    return value == std::string::npos ? "" : line.substr(value);
  }
  return "";
}

// The first column (the id) of `runs list`'s first row after the heading.
std::string newest_id(const std::string& list_output) {
  std::istringstream lines(list_output);
  std::string heading;
  std::string row;
  std::getline(lines, heading);
  std::getline(lines, row);
  return row.substr(0, row.find(' '));
}

TEST_F(RunE2eTest, TheRunHistoryMatchesWhatTheSandboxSaw) {
  start_and_authorize();
  const auto before = sandbox_->stats().requests_total;
  const auto run = host("run " + orders_flow().string());
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const auto sent = sandbox_->stats().requests_total - before;

  const auto list = host("runs list");
  ASSERT_EQ(list.exit_code, 0) << list.output;
  EXPECT_EQ(list.output.rfind("ID", 0), 0U) << list.output;
  EXPECT_NE(list.output.find(" orders "), std::string::npos) << list.output;
  EXPECT_NE(list.output.find(" succeeded "), std::string::npos) << list.output;
  const std::string id = newest_id(list.output);

  const auto show = host("runs show " + id);
  ASSERT_EQ(show.exit_code, 0) << show.output;
  EXPECT_EQ(field(show.output, "flow"), "orders");
  EXPECT_EQ(field(show.output, "connection"), "e2e-shop");
  EXPECT_EQ(field(show.output, "shop"), shop_);
  EXPECT_EQ(field(show.output, "mode"), "delta");
  EXPECT_EQ(field(show.output, "outcome"), "succeeded");
  EXPECT_EQ(field(show.output, "records"), "240");
  EXPECT_EQ(field(show.output, "requests"), std::to_string(sent));
  EXPECT_EQ(field(show.output, "rate limited (429)"), "0");
  EXPECT_EQ(field(show.output, "cursor before"), "none");
  EXPECT_NE(field(show.output, "cursor after"), "none");
  EXPECT_EQ(field(show.output, "output"), (dir_ / "orders.jsonl").string());
  EXPECT_EQ(field(show.output, "started by").rfind("cli (pid ", 0), 0U) << show.output;
  EXPECT_NE(field(show.output, "ended"), "not yet");
}

TEST_F(RunE2eTest, RunsListSelectsByFlowAndByFailure) {
  start_and_authorize();
  ASSERT_EQ(host("run " + orders_flow().string()).exit_code, 0) << all_output_;
  // An import whose input does not exist: a bad flow, recorded with its error.
  const auto failed = host("run " + inventory_flow().string());
  ASSERT_EQ(failed.exit_code, 2) << failed.output;

  const auto only_failed = host("runs list --failed");
  ASSERT_EQ(only_failed.exit_code, 0) << only_failed.output;
  EXPECT_NE(only_failed.output.find(" inventory "), std::string::npos) << only_failed.output;
  EXPECT_EQ(only_failed.output.find(" orders "), std::string::npos) << only_failed.output;
  const auto show = host("runs show " + newest_id(only_failed.output));
  EXPECT_EQ(field(show.output, "outcome"), "bad_flow");
  EXPECT_NE(field(show.output, "error").find("/input: "), std::string::npos) << show.output;

  const auto orders = host("runs list --flow orders");
  EXPECT_NE(orders.output.find(" orders "), std::string::npos) << orders.output;
  EXPECT_EQ(orders.output.find(" inventory "), std::string::npos) << orders.output;
  EXPECT_EQ(host("runs list --flow nothing-like-it").output, "no runs match\n");
}

TEST_F(RunE2eTest, RunsShowNamesAMissingIdAndRefusesABadOne) {
  start_and_authorize();
  const auto missing = host("runs show 999");
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.output.find("no run with id 999"), std::string::npos) << missing.output;
  for (const std::string bad_id : {"0", "12abc"}) {
    const auto bad = host("runs show " + bad_id);
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_NE(bad.output.find("takes a run id"), std::string::npos) << bad.output;
  }
  EXPECT_EQ(host("runs list --limit 0").exit_code, 2);
}

}  // namespace
}  // namespace connection_e2e
