// Re-encrypting every secret under a new master key (store/master_key_rotation.hpp): all of
// them move in one transaction, the key file follows, and a rotation stopped at any point (an
// error, a killed process, a crash between the commit and the rename) leaves one key that opens
// everything.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <functional>
#include <stdexcept>

#include "file_contents.hpp"
#include "store/connection_store.hpp"
#include "store/master_key_check.hpp"
#include "store/master_key_rotation.hpp"
#include "store/oauth_client_store.hpp"
#include "store/token_store.hpp"
#include "store_master_key_fixture.hpp"

namespace {

using namespace host::store;

class MasterKeyRotationTest : public test_support::MasterKeyStateTest {
 protected:
  MasterKeyRotationTest() : MasterKeyStateTest("key_rotation") {}

  // Two connections of one client, each with a secret and tokens: seven sealed values.
  void store_secrets(const SecretBox& box) {
    OAuthClientInput client{"app", "conn-x", R"({"client_id":"id"})", {}};
    client.secrets.push_back({"client_secret", SecretString("the-client-secret")});
    const int64_t client_id = save_oauth_client(*db_, box, client);
    for (const std::string name : {"one", "two"}) {
      ConnectionInput c{name, "conn-x", client_id, "{}", "http://127.0.0.1/cb", "", false, {}};
      c.secrets.push_back({"api_secret", SecretString("secret-of-" + name)});
      const int64_t id = save_connection(*db_, box, c);
      TokenSet tokens;
      tokens.access_token = SecretString("access-of-" + name);
      tokens.refresh_token = SecretString("refresh-of-" + name);
      write_tokens(*db_, box, id, tokens);
    }
  }

  // Whether `box` opens every stored secret with its original value.
  bool opens_everything(const SecretBox& box) {
    const auto client =
        open_sealed_fields(*db_, box, kOAuthClientSecrets, find_oauth_client(*db_, "app")->id);
    if (!client || client->at(0).value.view() != "the-client-secret") return false;
    for (const std::string name : {"one", "two"}) {
      const int64_t id = find_connection(*db_, name)->id;
      const auto fields = open_sealed_fields(*db_, box, kConnectionSecrets, id);
      if (!fields || fields->at(0).value.view() != "secret-of-" + name) return false;
      try {
        const auto tokens = read_tokens(*db_, box, id);
        if (tokens->tokens.access_token.view() != "access-of-" + name ||
            tokens->tokens.refresh_token.view() != "refresh-of-" + name) {
          return false;
        }
      } catch (const SecretDecryptError&) {
        return false;
      }
    }
    return true;
  }

  std::string key_file() { return test_support::file_bytes(dir_ / kMasterKeyFile); }

  // Runs `reseal` (with the state's current box, and a progress callback) in a forked child that
  // dies once four secrets are re-sealed: the transaction open, no rollback, no cleanup.
  void die_midway(
      const std::function<void(Database&, const SecretBox&, const ResealProgress&)>& reseal) {
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      auto db = state_.open_connections();
      const VerifiedSecretBox box = open_verified_secret_box(*db, dir_);
      reseal(*db, box.box, [](size_t resealed) {
        if (resealed == 4) ::_exit(9);
      });
      ::_exit(0);
    }
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFEXITED(status));
    ASSERT_EQ(WEXITSTATUS(status), 9);
  }
};

// Of a state whose key is its key file: SQLite's.
class MasterKeyFileRotationTest : public MasterKeyRotationTest {};

TEST_P(MasterKeyFileRotationTest, EverySecretMovesToTheNewKeyAndTheKeyFileFollows) {
  const VerifiedSecretBox old_box = open_verified_secret_box(*db_, dir_);
  store_secrets(old_box.box);
  const std::string old_file = key_file();

  const MasterKey next = random_master_key();
  EXPECT_EQ(rotate_master_key_file(*db_, old_box.box, dir_, next), 7U);
  EXPECT_NE(key_file(), old_file);
  EXPECT_FALSE(std::filesystem::exists(dir_ / kPendingMasterKeyFile));
  const VerifiedSecretBox reopened = open_verified_secret_box(*db_, dir_);
  EXPECT_TRUE(opens_everything(reopened.box));
  EXPECT_TRUE(opens_everything(SecretBox(next)));
  EXPECT_FALSE(opens_everything(old_box.box)) << "the old key opens nothing any more";
}

TEST_P(MasterKeyFileRotationTest, AFailureMidwayChangesNothingAndTheOldKeyStaysValid) {
  const VerifiedSecretBox old_box = open_verified_secret_box(*db_, dir_);
  store_secrets(old_box.box);
  const std::string old_file = key_file();

  const MasterKey next = random_master_key();
  EXPECT_THROW(rotate_master_key_file(*db_, old_box.box, dir_, next,
                                      [](size_t resealed) {
                                        if (resealed == 4) throw std::runtime_error("midway");
                                      }),
               std::runtime_error);
  EXPECT_EQ(key_file(), old_file);
  EXPECT_TRUE(opens_everything(open_verified_secret_box(*db_, dir_).box));
  EXPECT_FALSE(opens_everything(SecretBox(next)));
  // The new key's file is a leftover nothing reads; the next rotation replaces it.
  EXPECT_TRUE(std::filesystem::exists(dir_ / kPendingMasterKeyFile));
  EXPECT_EQ(rotate_master_key_file(*db_, old_box.box, dir_, random_master_key()), 7U);
  EXPECT_TRUE(opens_everything(open_verified_secret_box(*db_, dir_).box));
}

TEST_P(MasterKeyFileRotationTest, AProcessKilledMidwayLeavesTheOldKeyValid) {
  store_secrets(open_verified_secret_box(*db_, dir_).box);
  const std::string old_file = key_file();
  db_.reset();
  ASSERT_NO_FATAL_FAILURE(
      die_midway([&](Database& db, const SecretBox& box, const ResealProgress& progress) {
        rotate_master_key_file(db, box, dir_, random_master_key(), progress);
      }));

  db_ = open_connection_state(dir_);
  EXPECT_EQ(key_file(), old_file);
  EXPECT_TRUE(opens_everything(open_verified_secret_box(*db_, dir_).box));
}

TEST_P(MasterKeyFileRotationTest, ACommittedRotationStoppedBeforeItsRenameIsFinishedOnNextOpen) {
  const VerifiedSecretBox old_box = open_verified_secret_box(*db_, dir_);
  store_secrets(old_box.box);
  // Steps 1 and 2 of the protocol, and a stop before step 3.
  const MasterKey next = random_master_key();
  ASSERT_TRUE(create_master_key_file(dir_ / kPendingMasterKeyFile, next));
  ASSERT_EQ(reseal_secrets(*db_, old_box.box, next), 7U);

  const VerifiedSecretBox reopened = open_verified_secret_box(*db_, dir_);
  EXPECT_TRUE(opens_everything(reopened.box));
  EXPECT_FALSE(std::filesystem::exists(dir_ / kPendingMasterKeyFile));
  EXPECT_TRUE(opens_everything(SecretBox(*read_master_key_file(dir_ / kMasterKeyFile))));
}

TEST_P(MasterKeyRotationTest, AKeyFromTheEnvironmentIsReplacedByTheNewOneGiven) {
  ::setenv(kMasterKeyEnv, kKeyA.c_str(), 1);
  const VerifiedSecretBox old_box = open_verified_secret_box(*db_, dir_);
  store_secrets(old_box.box);
  const MasterKey next = parse_master_key_hex(kKeyB, "test");
  EXPECT_EQ(reseal_secrets(*db_, old_box.box, next), 7U);
  EXPECT_FALSE(!dir_.empty() && std::filesystem::exists(dir_ / kMasterKeyFile));
  EXPECT_THROW(open_verified_secret_box(*db_, dir_), MasterKeyError) << "the old key is refused";
  ::setenv(kMasterKeyEnv, kKeyB.c_str(), 1);
  EXPECT_TRUE(opens_everything(open_verified_secret_box(*db_, dir_).box));
}

TEST_P(MasterKeyRotationTest, ASecretTheCurrentKeyDoesNotOpenStopsTheRotationUnchanged) {
  ::setenv(kMasterKeyEnv, kKeyA.c_str(), 1);
  const VerifiedSecretBox box = open_verified_secret_box(*db_, dir_);
  store_secrets(box.box);
  const SecretBox stranger(parse_master_key_hex(kKeyB, "test"));
  try {
    reseal_secrets(*db_, stranger, random_master_key());
    FAIL() << "a box that opens nothing re-sealed the store";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("does not decrypt under the current master key"),
              std::string::npos)
        << e.what();
  }
  EXPECT_TRUE(opens_everything(open_verified_secret_box(*db_, dir_).box));
}

// A rotation that fails midway (here its progress callback throws after four of seven secrets)
// or whose process dies midway leaves every secret under the old key: one transaction, rolled
// back by the database either way.
TEST_P(MasterKeyRotationTest, AResealStoppedMidwayByAnErrorOrADeathChangesNothing) {
  ::setenv(kMasterKeyEnv, kKeyA.c_str(), 1);
  const VerifiedSecretBox old_box = open_verified_secret_box(*db_, dir_);
  store_secrets(old_box.box);
  const MasterKey next = parse_master_key_hex(kKeyB, "test");
  EXPECT_THROW(reseal_secrets(*db_, old_box.box, next,
                              [](size_t resealed) {
                                if (resealed == 4) throw std::runtime_error("midway");
                              }),
               std::runtime_error);
  EXPECT_TRUE(opens_everything(open_verified_secret_box(*db_, dir_).box));

  ASSERT_NO_FATAL_FAILURE(
      die_midway([&](Database& db, const SecretBox& box, const ResealProgress& progress) {
        reseal_secrets(db, box, next, progress);
      }));
  EXPECT_TRUE(opens_everything(open_verified_secret_box(*db_, dir_).box));
  EXPECT_FALSE(opens_everything(SecretBox(next)));
}

STORE_TESTS_ON_BOTH_BACKENDS(MasterKeyRotationTest);
STORE_TESTS_ON_SQLITE_ONLY(MasterKeyFileRotationTest);

}  // namespace
