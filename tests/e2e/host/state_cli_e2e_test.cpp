// `connector-host state rekey` and `state backup` on an authorized connection: after a rekey
// every secret still works under the new key, and a backup with the key next to it is a state
// the host runs from.
#include <filesystem>
#include <string>

#include "connection_e2e_fixture.hpp"
#include "file_contents.hpp"
#include "text_contains.hpp"

namespace connection_e2e {
namespace {

using test_support::contains;

TEST_F(ConnectionE2eTest, RekeyReplacesTheKeyAndEverySecretStillWorks) {
  start_sandbox();
  save_and_authorize();
  const std::string old_key = test_support::file_bytes(dir_ / "state" / "master.key");
  const auto rekey = host("state rekey");
  ASSERT_EQ(rekey.exit_code, 0) << rekey.output;
  // At least the client secret and the two tokens.
  const auto count_at = rekey.output.find("re-encrypted ");
  ASSERT_NE(count_at, std::string::npos) << rekey.output;
  EXPECT_GE(std::stoi(rekey.output.substr(count_at + 13)), 3) << rekey.output;
  EXPECT_TRUE(contains(rekey.output, " secret(s) under a new master key")) << rekey.output;
  EXPECT_NE(test_support::file_bytes(dir_ / "state" / "master.key"), old_key);
  EXPECT_FALSE(std::filesystem::exists(dir_ / "state" / "master.key.new"));
  // The app secret (client), the connection's secrets and its tokens open under the new key.
  const auto tested = host("connection test e2e-shop");
  EXPECT_EQ(tested.exit_code, 0) << tested.output;
  EXPECT_FALSE(contains(all_output_, old_key.substr(0, 64)));
}

TEST_F(ConnectionE2eTest, ABackupWithItsKeyIsAStateTheHostRunsFrom) {
  start_sandbox();
  save_and_authorize();
  const auto copy_dir = dir_ / "restored";
  std::filesystem::create_directory(copy_dir);
  std::filesystem::permissions(copy_dir, std::filesystem::perms::owner_all);
  const auto backup = host("state backup " + (copy_dir / "state.db").string());
  ASSERT_EQ(backup.exit_code, 0) << backup.output;
  EXPECT_EQ(host("state backup " + (copy_dir / "state.db").string()).exit_code, 1)
      << "an existing file is kept";
  std::filesystem::copy_file(dir_ / "state" / "master.key", copy_dir / "master.key");
  const auto tested = test_support::run_command(
      test_support::connector_host_command(copy_dir, "connection test e2e-shop"));
  EXPECT_EQ(tested.exit_code, 0) << tested.output;
}

TEST_F(ConnectionE2eTest, RekeyWithTheKeyInTheEnvironmentNeedsTheNewKeyThere) {
  const auto refused = host_with_master_key(std::string(64, 'c'), "state rekey");
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_TRUE(contains(refused.output,
                       "give the new key (64 hex characters) in "
                       "CONNECTOR_HOST_NEW_MASTER_KEY"))
      << refused.output;
}

}  // namespace
}  // namespace connection_e2e
