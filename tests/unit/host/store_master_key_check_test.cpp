// One master key per state database: the key check recorded on first use, refusals of another
// key and of a missing key, and stores from before the check.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "store/connection_store.hpp"
#include "store/master_key_check.hpp"
#include "store/oauth_client_store.hpp"
#include "store_master_key_fixture.hpp"

namespace {

using namespace host::store;

class MasterKeyCheckTest : public test_support::MasterKeyStateTest {
 protected:
  MasterKeyCheckTest() : MasterKeyStateTest("key_check") {}

  void use_env_key(const std::string& hex) { ::setenv(kMasterKeyEnv, hex.c_str(), 1); }

  void save_client(const SecretBox& box, const std::string& secret) {
    OAuthClientInput in{"app", "conn-x", R"({"client_id":"id"})", {}};
    in.secrets.push_back({"client_secret", SecretString(secret)});
    save_oauth_client(*db_, box, in);
  }

  // The message of the MasterKeyError that opening the box throws ("" when it does not throw).
  std::string refusal() {
    try {
      open_verified_secret_box(*db_, dir_);
    } catch (const MasterKeyError& e) {
      return e.what();
    }
    return "";
  }

  bool has_key_check() {
    Statement select = db_->prepare("SELECT 1 FROM store_meta WHERE name = 'master_key_check'");
    return select.step();
  }
};

// Of a state whose key may be its key file: SQLite's.
class MasterKeyFileCheckTest : public MasterKeyCheckTest {};

TEST_P(MasterKeyCheckTest, FirstUseRecordsTheCheckAndTheSameKeyOpensTheStoreAgain) {
  use_env_key(kKeyA);
  const VerifiedSecretBox first = open_verified_secret_box(*db_, dir_);
  EXPECT_TRUE(has_key_check());
  EXPECT_EQ(first.key_source, "environment variable CONNECTOR_HOST_MASTER_KEY");
  save_client(first.box, "s1");
  EXPECT_EQ(refusal(), "");
}

TEST_P(MasterKeyCheckTest, AnotherKeyIsRefusedNamingItsSourceButNeverTheKey) {
  use_env_key(kKeyA);
  save_client(open_verified_secret_box(*db_, dir_).box, "s1");
  use_env_key(kKeyB);
  const std::string message = refusal();
  EXPECT_NE(message.find("environment variable CONNECTOR_HOST_MASTER_KEY is not the key of " +
                         db_->name()),
            std::string::npos)
      << message;
  EXPECT_EQ(message.find(kKeyA), std::string::npos) << message;
  EXPECT_EQ(message.find(kKeyB), std::string::npos) << message;
}

TEST_P(MasterKeyCheckTest, AnotherKeyIsRefusedEvenBeforeAnySecretWasStored) {
  use_env_key(kKeyA);
  open_verified_secret_box(*db_, dir_);
  use_env_key(kKeyB);
  EXPECT_NE(refusal().find("is not the key of"), std::string::npos);
}

TEST_P(MasterKeyFileCheckTest, AKeyFileThatDiffersFromTheStoresKeyIsRefusedNamingTheFile) {
  use_env_key(kKeyA);
  open_verified_secret_box(*db_, dir_);
  ::unsetenv(kMasterKeyEnv);
  // No key file yet, but the store has a check: nothing is created, the key is missing.
  EXPECT_NE(refusal().find("there is no key"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir_ / "master.key"));
  load_master_key(dir_);  // a key file with another key
  const std::string message = refusal();
  EXPECT_NE(message.find("master key file " + (dir_ / "master.key").string() + " is not the key"),
            std::string::npos)
      << message;
}

TEST_P(MasterKeyFileCheckTest, AMissingKeyFileNextToAStoreWithSecretsIsRefusedAndNotRecreated) {
  const VerifiedSecretBox first = open_verified_secret_box(*db_, dir_);
  EXPECT_TRUE(first.key_created);
  save_client(first.box, "s1");
  std::filesystem::remove(dir_ / "master.key");

  const std::string message = refusal();
  EXPECT_NE(message.find("holds secrets sealed with a master key, but there is no key"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find((dir_ / "master.key").string() + " does not exist"), std::string::npos)
      << message;
  EXPECT_FALSE(std::filesystem::exists(dir_ / "master.key"));
}

TEST_P(MasterKeyFileCheckTest, OnlyTheFirstUseCreatesAKeyFile) {
  EXPECT_TRUE(open_verified_secret_box(*db_, dir_).key_created);
  const VerifiedSecretBox again = open_verified_secret_box(*db_, dir_);
  EXPECT_FALSE(again.key_created);
  EXPECT_EQ(again.key_source, "master key file " + (dir_ / "master.key").string());
}

TEST_P(MasterKeyCheckTest, AStoreFromBeforeChecksAdoptsTheKeyThatOpensItsSecrets) {
  use_env_key(kKeyA);
  save_client(SecretBox(parse_master_key_hex(kKeyA, "test")), "s1");  // sealed without a check
  ASSERT_FALSE(has_key_check());
  const VerifiedSecretBox opened = open_verified_secret_box(*db_, dir_);
  EXPECT_TRUE(has_key_check());
  const auto client = find_oauth_client(*db_, "app");
  ASSERT_TRUE(client.has_value());
  EXPECT_TRUE(open_sealed_fields(*db_, opened.box, kOAuthClientSecrets, client->id).has_value());
  use_env_key(kKeyB);
  EXPECT_NE(refusal().find("is not the key of"), std::string::npos);
}

TEST_P(MasterKeyCheckTest, AStoreFromBeforeChecksRefusesAKeyThatDoesNotOpenItsSecrets) {
  save_client(SecretBox(parse_master_key_hex(kKeyA, "test")), "s1");
  use_env_key(kKeyB);
  const std::string message = refusal();
  EXPECT_NE(message.find("it does not decrypt the secrets stored there"), std::string::npos)
      << message;
  EXPECT_FALSE(has_key_check());
}

TEST_P(MasterKeyCheckTest, AStoreFromBeforeChecksWithoutSecretsTakesAnyKey) {
  use_env_key(kKeyB);
  EXPECT_EQ(refusal(), "");
  EXPECT_TRUE(has_key_check());
}

STORE_TESTS_ON_BOTH_BACKENDS(MasterKeyCheckTest);
STORE_TESTS_ON_SQLITE_ONLY(MasterKeyFileCheckTest);

}  // namespace
