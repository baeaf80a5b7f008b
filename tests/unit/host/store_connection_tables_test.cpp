// The connections area: clients, connections, sealed secrets, tokens, scopes and the lease.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "file_contents.hpp"
#include "store/connection_store.hpp"
#include "store/oauth_client_store.hpp"
#include "store/token_store.hpp"
#include "store_backends.hpp"
#include "test_directory.hpp"

namespace {

using namespace host::store;

MasterKey test_key() {
  std::array<unsigned char, MasterKey::kSize> bytes{};
  bytes.fill(7);
  return MasterKey(bytes);
}

class StoreConnectionTablesTest : public test_support::BackendTest<> {
 protected:
  StoreConnectionTablesTest() : BackendTest("store_tables") {}
  void SetUp() override { db_ = state_.open_connections(); }
  void TearDown() override { db_.reset(); }

  int64_t save_client(const std::string& name, const std::string& secret) {
    OAuthClientInput in{name, "conn-x", R"({"client_id":"id"})", {}};
    in.secrets.push_back({"client_secret", SecretString(secret)});
    return save_oauth_client(*db_, box_, in);
  }
  int64_t save_conn(const std::string& name, int64_t client_id, const std::string& secret) {
    ConnectionInput in;
    in.name = name;
    in.connector = "conn-x";
    in.oauth_client_id = client_id;
    in.settings_json = "{}";
    in.redirect_uri = "http://127.0.0.1:1/cb";
    in.secrets.push_back({"app_secret", SecretString(secret)});
    return save_connection(*db_, box_, in);
  }
  TokenSet tokens(const std::string& access, const std::string& refresh) {
    TokenSet t;
    t.access_token = SecretString(access);
    t.refresh_token = SecretString(refresh);
    t.access_expires_at = 1000;
    t.refresh_expires_at = 2000;
    return t;
  }

  const std::filesystem::path dir_ = state_.dir();  // made by the code under test
  SecretBox box_{test_key()};
  std::unique_ptr<Database> db_;
};

TEST_P(StoreConnectionTablesTest, SecretsAndTokensNeverReachTheFilesInPlaintext) {
  const int64_t client = save_client("app", "CLIENT-SECRET-aaaa");
  const int64_t conn = save_conn("shop", client, "APP-SECRET-bbbb");
  db_->transaction([&] { write_tokens(*db_, box_, conn, tokens("ACCESS-cccc", "REFRESH-dddd")); });
  // SQLite: the file and its WAL as they are on disk. PostgreSQL: every row of every table as
  // the server prints it (bytes in hex), searched for each secret as text and as hex.
  std::string bytes;
  if (state_.in_postgresql()) {
    auto tables = db_->prepare(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()");
    while (tables.step()) {
      auto rows = db_->prepare("SELECT t::text FROM " + tables.column_text(0) + " t");
      while (rows.step()) bytes += rows.column_text(0);
    }
  } else {
    bytes = test_support::file_bytes(dir_ / "state.db") +
            test_support::file_bytes(dir_ / "state.db-wal");
  }
  ASSERT_FALSE(bytes.empty());
  for (const std::string secret :
       {"CLIENT-SECRET-aaaa", "APP-SECRET-bbbb", "ACCESS-cccc", "REFRESH-dddd"}) {
    EXPECT_EQ(bytes.find(secret), std::string::npos) << secret;
    std::string hex;
    for (const unsigned char c : secret) {
      constexpr const char* kDigits = "0123456789abcdef";
      hex += kDigits[c >> 4];
      hex += kDigits[c & 15];
    }
    EXPECT_EQ(bytes.find(hex), std::string::npos) << secret << " in hex";
  }
  auto read = read_tokens(*db_, box_, conn);
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->tokens.access_token.view(), "ACCESS-cccc");
  EXPECT_EQ(read->tokens.refresh_token.view(), "REFRESH-dddd");
}

TEST_P(StoreConnectionTablesTest, SealedSecretCopiedToAnotherRowDoesNotDecrypt) {
  const int64_t client = save_client("app", "cs");
  const int64_t a = save_conn("a", client, "secret-a");
  const int64_t b = save_conn("b", client, "secret-b");
  db_->exec(
      "UPDATE connection_secrets SET sealed = (SELECT sealed FROM connection_secrets"
      " WHERE connection_id = " +
      std::to_string(a) + ") WHERE connection_id = " + std::to_string(b));
  EXPECT_TRUE(open_sealed_fields(*db_, box_, kConnectionSecrets, a).has_value());
  EXPECT_FALSE(open_sealed_fields(*db_, box_, kConnectionSecrets, b).has_value());
}

TEST_P(StoreConnectionTablesTest, AnotherMasterKeyCannotReadTheTokens) {
  const int64_t conn = save_conn("shop", save_client("app", "cs"), "s");
  db_->transaction([&] { write_tokens(*db_, box_, conn, tokens("a", "r")); });
  std::array<unsigned char, MasterKey::kSize> other{};
  other.fill(9);
  SecretBox wrong{MasterKey(other)};
  EXPECT_THROW(read_tokens(*db_, wrong, conn), SecretDecryptError);
  EXPECT_FALSE(open_sealed_fields(*db_, wrong, kConnectionSecrets, conn).has_value());
}

TEST_P(StoreConnectionTablesTest, ClientInUseCannotBeDeletedAndTheUsersAreNamed) {
  const int64_t client = save_client("app", "cs");
  save_conn("shop-b", client, "s");
  save_conn("shop-a", client, "s");
  bool found = false;
  auto users = delete_oauth_client(*db_, "app", &found);
  EXPECT_TRUE(found);
  EXPECT_EQ(users, (std::vector<std::string>{"shop-a", "shop-b"}));
  EXPECT_TRUE(find_oauth_client(*db_, "app").has_value());
  delete_connection(*db_, "shop-a");
  delete_connection(*db_, "shop-b");
  EXPECT_TRUE(delete_oauth_client(*db_, "app", &found).empty());
  EXPECT_FALSE(find_oauth_client(*db_, "app").has_value());
}

TEST_P(StoreConnectionTablesTest, SavingAgainKeepsTheIdAndReplacesSecrets) {
  const int64_t client = save_client("app", "cs");
  const int64_t first = save_conn("shop", client, "old");
  const int64_t second = save_conn("shop", client, "new");
  EXPECT_EQ(first, second);
  auto secrets = open_sealed_fields(*db_, box_, kConnectionSecrets, first);
  ASSERT_TRUE(secrets.has_value());
  ASSERT_EQ(secrets->size(), 1u);
  EXPECT_EQ((*secrets)[0].value.view(), "new");
  EXPECT_EQ(list_connections(*db_).size(), 1u);
}

TEST_P(StoreConnectionTablesTest, MovingToAnotherClientDropsTokensAndScopes) {
  const int64_t conn = save_conn("shop", save_client("app", "cs"), "s");
  db_->transaction([&] {
    write_tokens(*db_, box_, conn, tokens("a", "r"));
    write_scopes(*db_, conn, {{"1", "Shop", "GB", "cipher"}});
  });
  save_conn("shop", save_client("other-app", "cs2"), "s");
  EXPECT_FALSE(read_token_summary(*db_, conn).has_value());
  EXPECT_TRUE(read_scopes(*db_, conn).empty());
}

TEST_P(StoreConnectionTablesTest, RefreshLeaseIsExclusiveAndSeesRotation) {
  const int64_t conn = save_conn("shop", save_client("app", "cs"), "s");
  EXPECT_EQ(try_acquire_refresh_lease(*db_, conn, 1, "p1", 100, 60), LeaseOutcome::kNoTokens);
  db_->transaction([&] { write_tokens(*db_, box_, conn, tokens("a", "r")); });
  const int64_t generation = read_token_summary(*db_, conn)->generation;
  EXPECT_EQ(try_acquire_refresh_lease(*db_, conn, generation, "p1", 100, 60),
            LeaseOutcome::kAcquired);
  // A second process sees the live lease...
  EXPECT_EQ(try_acquire_refresh_lease(*db_, conn, generation, "p2", 120, 60), LeaseOutcome::kBusy);
  // ...which lapses if its holder dies.
  EXPECT_EQ(try_acquire_refresh_lease(*db_, conn, generation, "p2", 200, 60),
            LeaseOutcome::kAcquired);
  db_->transaction([&] { write_tokens(*db_, box_, conn, tokens("a2", "r2")); });
  // p1 comes back with the old generation: the tokens were rotated meanwhile.
  EXPECT_EQ(try_acquire_refresh_lease(*db_, conn, generation, "p1", 210, 60),
            LeaseOutcome::kRotated);
  EXPECT_EQ(read_token_summary(*db_, conn)->generation, generation + 1);
}

TEST_P(StoreConnectionTablesTest, ReauthorizationFlagIsClearedByNewTokens) {
  const int64_t conn = save_conn("shop", save_client("app", "cs"), "s");
  db_->transaction([&] { write_tokens(*db_, box_, conn, tokens("a", "r")); });
  mark_needs_reauthorization(*db_, conn, "refresh token expired");
  EXPECT_TRUE(read_token_summary(*db_, conn)->needs_reauthorization);
  db_->transaction([&] { write_tokens(*db_, box_, conn, tokens("b", "r")); });
  EXPECT_FALSE(read_token_summary(*db_, conn)->needs_reauthorization);
}

STORE_TESTS_ON_BOTH_BACKENDS(StoreConnectionTablesTest);

}  // namespace
