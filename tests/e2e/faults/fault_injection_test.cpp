// Issue 6, "proof under load": exports and imports against a sandbox that injects every fault at
// once, at the issue's numbers: 10% HTTP 503, 5% HTTP 429, 2% connection resets, 2% truncated
// bodies (shares of one seeded draw per API call), and access tokens that live 30 s. A fault-free
// sandbox seeded with the same data is the reference.
//
// What is proven:
// - every export equals the fault-free run's, record by record under its natural key: none lost,
//   none repeated, none different;
// - every import record changes the sandbox's state exactly once: the keyed writes (returns
//   approvals) are applied once; inventory writes (no remote idempotency key) may be applied more
//   than once when a reply was lost after the write, but each re-send carries the same value, so
//   the count of writes that CHANGED state equals the count of records whose value differed from
//   the seeded one, and the final state equals the file;
// - the faults happened at about their rates, and tokens expired at least twice during the runs.
//
// Run time: the faulty runs are paced by the flows' own rate limit so that they span more than
// two token lifetimes; the test takes about 80 s, plain or under ASan, since it mostly waits
// (measured on 2 shared cores: 76 s plain, 78.5 s under ASan).
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>

#include "faults_fixture.hpp"

namespace faults_e2e {
namespace {

constexpr int kOrders = 600;
constexpr int kProducts = 300;
constexpr int kReturns = 160;
constexpr int kInventoryRecords = 300;
// Every kSameValueEvery-th inventory record asks for the quantity the product already has: an
// applied write that must not count as a change.
constexpr int kSameValueEvery = 4;
// The issue's numbers. `connector-host authorize` lists the shops once and does not retry: this
// seed's first draws (that call's) are no fault, so the setup is not what the faults hit.
constexpr sandbox::FaultOptions kFaults{.http_503_rate = 0.10,
                                        .http_429_rate = 0.05,
                                        .reset_rate = 0.02,
                                        .truncated_rate = 0.02,
                                        .seed = 20240604};
constexpr int64_t kAccessTokenLifetime = 30;
// The sandbox clock runs this far ahead of the host's, so that the host's own "refresh 60 s
// before expiry" never fires first: every expiry is discovered the hard way, by a 105002. (The
// host signs with its own clock; the sandbox accepts timestamps up to 5 min old.)
constexpr int64_t kClockLead = 100;
// The faulty flows' own request rate. Low enough that the faulty runs together take more than
// two token lifetimes however fast the machine is: they make about 580 requests with the
// retries, so 75-80 s at this rate (a slower machine only makes them longer); the second expiry
// comes about 61 s after the faulty connection was authorized.
constexpr int kFaultyRequestsPerSecond = 7;

uint64_t count_of(const std::map<std::string, uint64_t>& m, const std::string& key) {
  const auto it = m.find(key);
  return it == m.end() ? 0 : it->second;
}

class FaultInjectionTest : public FaultsE2eTest {
 protected:
  void SetUp() override {
    FaultsE2eTest::SetUp();
    options_.orders = kOrders;
    options_.products = kProducts;
    options_.returns = kReturns;
    options_.shop_count = 1;
    // The reference sandbox: no faults, no limit, ordinary tokens.
    sandbox::SandboxOptions clean = options_;
    clean.rate_limit_per_second = 0;

    options_.access_token_lifetime = kAccessTokenLifetime;
    // No rate limit of its own: every 429 is an injected one, so their share is the set 5%.
    options_.rate_limit_per_second = 0;
    options_.faults = kFaults;
    start_sandbox();
    start_reference_sandbox(clean);
    connect("clean", *reference_);
    offset_ = kClockLead;  // the faulty token is granted on the leading clock: it lives 30 s
    connect("faulty", *sandbox_);
  }

  std::string export_tuning(int requests_per_second) const {
    return R"(,"page_size":20,"concurrency":4,"rate_limit_per_second":)" +
           std::to_string(requests_per_second) +
           R"(,"max_attempts":12,"window":{"lookback_seconds":3456000,"slice_seconds":345600})";
  }
  std::string import_tuning() const {
    return R"(,"concurrency":4,"max_attempts":12,"rate_limit_per_second":)" +
           std::to_string(kFaultyRequestsPerSecond);
  }

  // One faulty run, timed, with the token refreshes it needed.
  test_support::CommandOutput faulty_run(const std::filesystem::path& flow_path,
                                         const std::string& extra = "") {
    const auto refreshes_before = refreshes();
    const auto start = std::chrono::steady_clock::now();
    auto out = host("run " + flow_path.string() + extra);
    const auto seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    faulty_seconds_ += seconds;
    std::cout << "[ faults ] " << flow_path.filename().string() << ": " << seconds << " s, "
              << refreshes() - refreshes_before << " token refreshes\n";
    return out;
  }
  uint64_t refreshes() const {
    return count_of(sandbox_->stats().requests_by_endpoint, "token.refresh");
  }

  // Exports `resource` from both sandboxes and checks that the faulty run's records equal the
  // reference run's under the natural key `key`: the same keys, each once, each line equal.
  // Returns the faulty run's lines.
  std::vector<std::string> export_both(const std::string& resource, const std::string& key) {
    const auto clean = host("run " + export_flow("clean", resource + "-clean", resource,
                                                 resource + "-clean.jsonl", export_tuning(1000))
                                         .string());
    EXPECT_EQ(clean.exit_code, 0) << clean.output;
    const auto faulty =
        faulty_run(export_flow("faulty", resource + "-faulty", resource, resource + "-faulty.jsonl",
                               export_tuning(kFaultyRequestsPerSecond)));
    EXPECT_EQ(faulty.exit_code, 0) << faulty.output;
    const auto expected = test_support::file_lines(dir_ / (resource + "-clean.jsonl"));
    auto got = test_support::file_lines(dir_ / (resource + "-faulty.jsonl"));
    std::map<std::string, std::string> expected_by_key;
    for (const auto& line : expected) expected_by_key[field_of(line, key)] = line;
    EXPECT_EQ(expected_by_key.size(), expected.size()) << resource << ": reference repeats a key";
    std::map<std::string, int> seen;
    for (const auto& line : got) {
      const std::string k = field_of(line, key);
      EXPECT_EQ(++seen[k], 1) << resource << " " << k << " exported more than once";
      const auto it = expected_by_key.find(k);
      if (it == expected_by_key.end()) {
        ADD_FAILURE() << resource << " " << k << " is not in the fault-free export";
      } else {
        EXPECT_EQ(line, it->second) << resource << " " << k << " differs";
      }
    }
    for (const auto& [k, line] : expected_by_key)
      EXPECT_TRUE(seen.count(k)) << resource << " " << k << " lost";
    return got;
  }

  double faulty_seconds_ = 0;
};

TEST_F(FaultInjectionTest, ExportsEqualTheFaultFreeRunAndImportsChangeEachRecordOnce) {
  const uint64_t refreshes_at_start = refreshes();
  EXPECT_EQ(export_both("orders", "id").size(), static_cast<size_t>(kOrders));
  const auto products = export_both("products", "id");
  ASSERT_EQ(products.size(), static_cast<size_t>(kProducts));
  const auto returns = export_both("returns", "return_id");
  ASSERT_EQ(returns.size(), static_cast<size_t>(kReturns));

  // Inventory: set the first SKU's first warehouse of each product; every kSameValueEvery-th
  // record asks for the seeded quantity (a write that changes nothing), the others for a new one.
  std::map<std::string, int64_t> wanted;  // "inventory:<product id>" -> quantity
  std::set<std::string> differing;        // targets whose wanted quantity is not the seeded one
  {
    std::ofstream out(dir_ / "inventory.jsonl");
    for (int i = 0; i < kInventoryRecords; ++i) {
      const std::string& p = products[static_cast<size_t>(i)];
      const std::string skus = p.substr(p.find("\"skus\":"));
      const std::string sku = field_of(skus, "id");
      const std::string warehouse = field_of(skus, "warehouse_id");
      const int64_t seeded = std::stoll(field_of(skus, "quantity"));
      const int64_t quantity = i % kSameValueEvery == 0 ? seeded : 7000 + i;
      out << R"({"product_id":")" << id_of(p) << R"(","skus":[{"id":")" << sku
          << R"(","inventory":[{"warehouse_id":")" << warehouse << R"(","quantity":)" << quantity
          << "}]}]}\n";
      wanted["inventory:" + id_of(p)] = quantity;
      if (quantity != seeded) differing.insert("inventory:" + id_of(p));
    }
  }
  ASSERT_EQ(wanted.size(), static_cast<size_t>(kInventoryRecords));
  // Returns: approve every pending one, with the endpoint's remote idempotency key.
  std::set<std::string> pending;
  {
    std::ofstream out(dir_ / "approve.jsonl");
    for (const auto& r : returns) {
      if (field_of(r, "return_status") != "RETURN_OR_REFUND_REQUEST_PENDING") continue;
      pending.insert(field_of(r, "return_id"));
      out << R"({"return_id":")" << field_of(r, "return_id") << "\"}\n";
    }
  }
  ASSERT_GT(pending.size(), 5u);

  const auto before = sandbox_->stats();
  const auto inventory =
      faulty_run(import_flow("faulty", "inventory", "inventory", "products.inventory.update",
                             "inventory.jsonl", import_tuning()));
  EXPECT_EQ(inventory.exit_code, 0) << inventory.output;
  EXPECT_NE(inventory.output.find(": " + std::to_string(kInventoryRecords) + " applied, "),
            std::string::npos)
      << inventory.output;
  EXPECT_NE(inventory.output.find(", 0 failed"), std::string::npos) << inventory.output;
  const auto approve =
      faulty_run(import_flow("faulty", "approve", "returns", "returns.approve", "approve.jsonl",
                             R"(,"idempotency_key":"/return_id")" + import_tuning()));
  EXPECT_EQ(approve.exit_code, 0) << approve.output;
  EXPECT_NE(approve.output.find(": " + std::to_string(pending.size()) + " applied, "),
            std::string::npos)
      << approve.output;
  EXPECT_NE(approve.output.find(", 0 failed"), std::string::npos) << approve.output;
  const auto stats = sandbox_->stats();

  // Keyed writes: applied once and changed state once each, whatever the transport did; the
  // retries of a write whose reply was lost were answered from the idempotency ledger.
  for (const auto& id : pending) {
    EXPECT_EQ(count_of(stats.writes_by_target, "return_approve:" + id), 1u) << id;
    EXPECT_EQ(count_of(stats.writes_changed_by_target, "return_approve:" + id), 1u) << id;
    EXPECT_EQ(count_of(stats.writes_by_idempotency_key, id), 1u) << id;
  }

  // Inventory has no remote idempotency key. A reset or truncated reply loses the answer AFTER
  // the sandbox applied the write; the host cannot tell that from a write that never arrived,
  // so it sends the record again and the sandbox applies it again ("raw applications" > records).
  // That is still exactly-once in effect: the re-sent write carries the same quantity, which the
  // target already has, so it changes nothing (no state change, no update_time, no webhook).
  // Asserted per record: applied at least once, changed state exactly once when its value
  // differed from the seeded one and never when it did not.
  uint64_t applications = 0;
  uint64_t changes = 0;
  for (const auto& [target, quantity] : wanted) {
    const uint64_t applied =
        count_of(stats.writes_by_target, target) - count_of(before.writes_by_target, target);
    const uint64_t changed = count_of(stats.writes_changed_by_target, target) -
                             count_of(before.writes_changed_by_target, target);
    EXPECT_GE(applied, 1u) << target << " never applied";
    EXPECT_EQ(changed, differing.count(target)) << target << " (quantity " << quantity << ")";
    applications += applied;
    changes += changed;
  }
  EXPECT_EQ(changes, differing.size());
  const uint64_t damaged_replies =
      count_of(stats.faults_by_kind, "reset") + count_of(stats.faults_by_kind, "truncated") -
      count_of(before.faults_by_kind, "reset") - count_of(before.faults_by_kind, "truncated");
  // Each extra application is explained by a reply the sandbox damaged after applying.
  EXPECT_LE(applications - wanted.size(), damaged_replies);
  std::cout << "[ faults ] inventory: " << wanted.size() << " records (" << differing.size()
            << " with a new quantity), " << applications << " raw applications ("
            << applications - wanted.size() << " re-sent after a lost reply; " << damaged_replies
            << " replies damaged during the imports), " << changes << " state changes\n";

  // The faults happened, at their rates, and tokens expired during the runs.
  const double draws = static_cast<double>(stats.fault_draws);
  auto share = [&](const char* kind) {
    return static_cast<double>(count_of(stats.faults_by_kind, kind)) / draws;
  };
  const uint64_t expired =
      stats.rejected_by_code.count(105002) ? stats.rejected_by_code.at(105002) : 0;
  const uint64_t refreshed = refreshes() - refreshes_at_start;
  std::cout << "[ faults ] " << stats.summary_line() << "\n"
            << "[ faults ] of " << stats.fault_draws << " API calls: 503 "
            << 100 * share("http_503") << "%, 429 " << 100 * share("http_429") << "%, reset "
            << 100 * share("reset") << "%, truncated " << 100 * share("truncated")
            << "%; faulty runs took " << faulty_seconds_
            << " s, access tokens expired and were refreshed " << refreshed << " times (" << expired
            << " calls answered 105002)\n";
  EXPECT_GT(stats.fault_draws, 400u);
  // Loose bands around the set rates (a seeded draw per call; several hundred calls).
  EXPECT_NEAR(share("http_503"), kFaults.http_503_rate, 0.04);
  EXPECT_NEAR(share("http_429"), kFaults.http_429_rate, 0.03);
  EXPECT_GT(count_of(stats.faults_by_kind, "reset"), 0u);
  EXPECT_GT(count_of(stats.faults_by_kind, "truncated"), 0u);
  // The limit is off: every 429 the host met was an injected one.
  EXPECT_EQ(stats.rejected_by_code.count(36009002) ? stats.rejected_by_code.at(36009002) : 0,
            count_of(stats.faults_by_kind, "http_429"));
  EXPECT_GE(refreshed, 2u) << "access tokens did not expire twice during the faulty runs";
  EXPECT_GE(expired, refreshed) << "a refresh without an expired token";

  // The stored quantities are the file's (inventory search has no time window, so the sandbox's
  // clock lead does not hide the just-updated products).
  std::string ids;
  for (const auto& [target, quantity] : wanted)
    ids += (ids.empty() ? "\"" : ",\"") + target.substr(target.find(':') + 1) + "\"";
  const auto check =
      host("run " +
           export_flow("faulty", "stock", "inventory", "stock.jsonl",
                       R"(,"max_attempts":12,"filters":{"product_ids":[)" + ids + "]}")
               .string() +
           " --mode all");
  ASSERT_EQ(check.exit_code, 0) << check.output;
  size_t verified = 0;
  for (const auto& line : test_support::file_lines(dir_ / "stock.jsonl")) {
    const auto it = wanted.find("inventory:" + field_of(line, "product_id"));
    if (it == wanted.end()) continue;
    EXPECT_NE(line.find("\"available_quantity\":" + std::to_string(it->second)), std::string::npos)
        << line;
    ++verified;
  }
  EXPECT_EQ(verified, wanted.size());
}

}  // namespace
}  // namespace faults_e2e
