// The master key: environment variable format, key file creation, permissions, reuse.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "store/master_key.hpp"
#include "store/secret_box.hpp"
#include "test_directory.hpp"

namespace {

using host::store::load_master_key;
using host::store::MasterKeyError;
using host::store::SecretBox;

class MasterKeyTest : public ::testing::Test {
 protected:
  void SetUp() override { ::unsetenv(host::store::kMasterKeyEnv); }
  void TearDown() override { ::unsetenv(host::store::kMasterKeyEnv); }
  test_support::TestDirectory scratch_{"master_key"};
  const std::filesystem::path dir_ = scratch_.path() / "state";  // made by the code under test
};

TEST_F(MasterKeyTest, KeyFileIsCreatedOnFirstUseWithOwnerOnlyMode) {
  load_master_key(dir_);
  struct stat info {};
  ASSERT_EQ(::stat((dir_ / "master.key").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
}

TEST_F(MasterKeyTest, TheSameKeyFileGivesTheSameKey) {
  SecretBox first(load_master_key(dir_));
  SecretBox second(load_master_key(dir_));
  EXPECT_TRUE(second.open("o", "f", first.seal("o", "f", "x")).has_value());
}

TEST_F(MasterKeyTest, KeyFileReadableByOthersIsRefused) {
  load_master_key(dir_);
  std::filesystem::permissions(dir_ / "master.key", std::filesystem::perms::group_read,
                               std::filesystem::perm_options::add);
  try {
    load_master_key(dir_);
    FAIL() << "a group-readable key file was accepted";
  } catch (const MasterKeyError& e) {
    EXPECT_NE(std::string(e.what()).find("0640"), std::string::npos) << e.what();
  }
}

TEST_F(MasterKeyTest, EnvironmentKeyOverridesTheFile) {
  const std::string hex(64, 'a');
  ::setenv(host::store::kMasterKeyEnv, hex.c_str(), 1);
  SecretBox from_env(load_master_key(dir_));
  EXPECT_FALSE(std::filesystem::exists(dir_ / "master.key"));
  std::array<unsigned char, 32> bytes{};
  bytes.fill(0xaa);
  SecretBox expected{host::store::MasterKey(bytes)};
  EXPECT_TRUE(expected.open("o", "f", from_env.seal("o", "f", "x")).has_value());
}

TEST_F(MasterKeyTest, EnvironmentKeyOfWrongLengthIsAClearErrorWithoutTheValue) {
  ::setenv(host::store::kMasterKeyEnv, "abcdef0123", 1);
  try {
    load_master_key(dir_);
    FAIL() << "a short key was accepted";
  } catch (const MasterKeyError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("64 hex characters"), std::string::npos) << what;
    EXPECT_EQ(what.find("abcdef0123"), std::string::npos) << what;
  }
}

TEST_F(MasterKeyTest, EnvironmentKeyWithNonHexCharactersIsRefused) {
  std::string bad(64, 'a');
  bad[10] = 'z';
  ::setenv(host::store::kMasterKeyEnv, bad.c_str(), 1);
  EXPECT_THROW(load_master_key(dir_), MasterKeyError);
}

TEST_F(MasterKeyTest, DamagedKeyFileIsRefused) {
  std::filesystem::create_directories(dir_);
  {
    std::ofstream out(dir_ / "master.key");
    out << "not a key\n";
  }
  std::filesystem::permissions(
      dir_ / "master.key", std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
      std::filesystem::perm_options::replace);
  EXPECT_THROW(load_master_key(dir_), MasterKeyError);
}

}  // namespace
