// A connection a run or a listener is using cannot be deleted from under it: `connection delete`
// refuses while their lease is live, and with --force they stop at their next step instead of
// going on storing what they fetch or receive for a connection that is gone.
#include <signal.h>

#include <future>

#include "run_e2e_fixture.hpp"

namespace connection_e2e {
namespace {

using namespace std::chrono_literals;

class ConnectionInUseE2eTest : public RunE2eTest {
 protected:
  // connector-host in the background (its own output, not all_output_: that is not shared).
  std::future<test_support::CommandOutput> host_in_background(const std::string& args) {
    const std::string command = test_support::connector_host_command(dir_ / "state", args);
    return std::async(std::launch::async, [command] { return test_support::run_command(command); });
  }

  // The pid holding a lease on a connection, once one appears (0 after 30 s).
  int64_t wait_for_lease() {
    for (int i = 0; i < 300; ++i) {
      try {
        auto db = state_db();
        auto s = db->prepare("SELECT pid FROM connection_leases LIMIT 1");
        if (s.step()) return s.column_int(0);
      } catch (const std::exception&) {
        // the table does not exist until the first lease is taken
      }
      std::this_thread::sleep_for(100ms);
    }
    return 0;
  }

  // Waits for `done` up to `limit`; kills `pid` and fails if it does not finish.
  test_support::CommandOutput finish(std::future<test_support::CommandOutput>& done, int64_t pid,
                                     std::chrono::seconds limit) {
    if (done.wait_for(limit) != std::future_status::ready) {
      ::kill(static_cast<pid_t>(pid), SIGKILL);
      ADD_FAILURE() << "the holder did not stop within " << limit.count() << " s";
    }
    return done.get();
  }
};

TEST_F(ConnectionInUseE2eTest, ExportStopsAtItsNextCommitWhenItsConnectionIsForceDeleted) {
  start_and_authorize();
  // Slow enough (5 requests/s, pages of 10, four slices) to be mid-run when the delete comes.
  const auto path = slow_orders_flow(5, 864000);
  auto run = host_in_background("run " + path.string());
  const int64_t pid = wait_for_lease();
  ASSERT_NE(pid, 0);

  auto refused = host("connection delete e2e-shop");
  EXPECT_EQ(refused.exit_code, 1) << refused.output;
  EXPECT_NE(refused.output.find("is in use by"), std::string::npos) << refused.output;
  EXPECT_NE(refused.output.find("run orders-slow"), std::string::npos) << refused.output;
  EXPECT_TRUE(token_summary("e2e-shop")) << "the connection is still there";

  const auto forced = host("connection delete e2e-shop --force");
  EXPECT_EQ(forced.exit_code, 0) << forced.output;
  const auto out = finish(run, pid, 60s);
  EXPECT_EQ(out.exit_code, 1) << out.output;
  EXPECT_NE(out.output.find("connection e2e-shop was deleted while in use"), std::string::npos)
      << out.output;
  EXPECT_LT(test_support::file_lines(dir_ / "slow.jsonl").size(), 240u)
      << "it stopped before the end";
}

TEST_F(ConnectionInUseE2eTest, ListenerStopsWhenItsConnectionIsForceDeleted) {
  start_and_authorize();
  auto listen = host_in_background("listen --connection e2e-shop --address 127.0.0.1:0");
  const int64_t pid = wait_for_lease();
  ASSERT_NE(pid, 0);

  auto refused = host("connection delete e2e-shop");
  EXPECT_EQ(refused.exit_code, 1) << refused.output;
  EXPECT_NE(refused.output.find("listen"), std::string::npos) << refused.output;

  ASSERT_EQ(host("connection delete e2e-shop --force").exit_code, 0) << all_output_;
  const auto out = finish(listen, pid, 30s);
  EXPECT_EQ(out.exit_code, 1) << out.output;
  EXPECT_NE(out.output.find("connection e2e-shop was deleted while in use"), std::string::npos)
      << out.output;
}

TEST_F(ConnectionInUseE2eTest, LeaseOfAHolderThatDiedDoesNotBlockTheDelete) {
  start_and_authorize();
  auto listen = host_in_background("listen --connection e2e-shop --address 127.0.0.1:0");
  const int64_t pid = wait_for_lease();
  ASSERT_NE(pid, 0);
  ::kill(static_cast<pid_t>(pid), SIGKILL);  // its row stays behind, with a dead pid
  listen.wait();
  const auto out = host("connection delete e2e-shop");
  EXPECT_EQ(out.exit_code, 0) << out.output;
}

}  // namespace
}  // namespace connection_e2e
