// The state directory is the owner's: created 0700, the database and its -wal/-shm files 0600,
// whatever the umask; an existing directory open to others is warned about.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "store/connection_tables.hpp"
#include "store/master_key.hpp"

namespace {

using namespace host::store;

mode_t mode_of(const std::filesystem::path& path) {
  struct stat info {};
  EXPECT_EQ(::stat(path.c_str(), &info), 0) << path;
  return info.st_mode & 07777;
}

class PrivatePathsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ::unsetenv(kMasterKeyEnv);
    old_umask_ = ::umask(022);  // the usual default, under which files come out 0644
    base_ = std::filesystem::temp_directory_path() /
            ("private_paths_" + std::to_string(::getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(base_);
    dir_ = base_ / "nested" / "state";
  }
  void TearDown() override {
    ::umask(old_umask_);
    std::filesystem::remove_all(base_);
  }
  mode_t old_umask_ = 0;
  std::filesystem::path base_;
  std::filesystem::path dir_;
};

TEST_F(PrivatePathsTest, TheStateDirectoryAndEveryDatabaseFileAreOwnerOnly) {
  auto db = open_connection_state(dir_);
  db->exec("CREATE TABLE t(x); INSERT INTO t VALUES (1)");  // the -wal and -shm files exist now
  EXPECT_EQ(mode_of(dir_), 0700u);
  for (const char* name : {"state.db", "state.db-wal", "state.db-shm"}) {
    ASSERT_TRUE(std::filesystem::exists(dir_ / name)) << name;
    EXPECT_EQ(mode_of(dir_ / name), 0600u) << name;
  }
}

TEST_F(PrivatePathsTest, TheMasterKeyCreatesAPrivateDirectoryToo) {
  load_master_key(dir_);
  EXPECT_EQ(mode_of(dir_), 0700u);
  EXPECT_EQ(mode_of(dir_ / "master.key"), 0600u);
}

TEST_F(PrivatePathsTest, AnExistingDirectoryOpenToOthersIsWarnedAboutOnce) {
  std::filesystem::create_directories(dir_);
  ::chmod(dir_.c_str(), 0755);
  ::testing::internal::CaptureStderr();
  { auto db = open_connection_state(dir_); }
  { auto db = open_connection_state(dir_); }
  const std::string err = ::testing::internal::GetCapturedStderr();
  const std::string warning = "state directory " + dir_.string() + " has mode 0755";
  const size_t first = err.find(warning);
  EXPECT_NE(first, std::string::npos) << err;
  EXPECT_EQ(err.find(warning, first + 1), std::string::npos) << "warned twice: " << err;
  EXPECT_NE(err.find("chmod 700 " + dir_.string()), std::string::npos) << err;
  EXPECT_EQ(mode_of(dir_), 0755u) << "the person's directory is theirs to change";
}

TEST_F(PrivatePathsTest, APrivateDirectoryIsNotWarnedAbout) {
  std::filesystem::create_directories(dir_);
  ::chmod(dir_.c_str(), 0700);
  ::testing::internal::CaptureStderr();
  { auto db = open_connection_state(dir_); }
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
}

}  // namespace
