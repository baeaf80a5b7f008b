// Secret references to files: bounded, regular files only (links followed), nothing virtual, and
// errors that name the file but never its content.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "engine/connections/secret_reference.hpp"
#include "file_contents.hpp"
#include "test_directory.hpp"

namespace host::engine {
namespace {

class SecretReferenceTest : public ::testing::Test {
 protected:
  // The error for a file reference to `target` ("" when it resolves).
  std::string error_for(const std::string& target) {
    std::string error;
    auto secret = resolve_secret_reference({SecretReference::Kind::kFile, target}, dir_, &error);
    return secret ? "" : error;
  }

  test_support::TestDirectory scratch_{"secret_reference"};
  const std::filesystem::path dir_ = scratch_.path();
};

TEST_F(SecretReferenceTest, ASecretAtTheBoundIsReadAndOneByteMoreIsRefused) {
  test_support::write_file(dir_ / "at-bound", std::string(kMaxSecretFileBytes, 'k'));
  std::string error;
  auto secret = resolve_secret_reference({SecretReference::Kind::kFile, "at-bound"}, dir_, &error);
  ASSERT_TRUE(secret.has_value()) << error;
  EXPECT_EQ(secret->view().size(), kMaxSecretFileBytes);

  test_support::write_file(dir_ / "past-bound", std::string(kMaxSecretFileBytes + 1, 'k'));
  const std::string refused = error_for("past-bound");
  EXPECT_NE(refused.find("past-bound is larger than 65536 bytes"), std::string::npos) << refused;
  EXPECT_EQ(refused.find("kkkk"), std::string::npos) << "the content leaked into the error";
}

TEST_F(SecretReferenceTest, AHugeFileIsRefusedWithoutBeingRead) {
  // 200 MB (sparse): the old reader took it whole, hundreds of MB of memory for a "secret".
  const auto path = dir_ / "huge";
  { std::ofstream create(path); }
  std::filesystem::resize_file(path, 200u << 20);
  const std::string error = error_for("huge");
  EXPECT_NE(error.find("is larger than"), std::string::npos) << error;
}

TEST_F(SecretReferenceTest, ProcFilesAreRefused) {
  for (const char* file : {"/proc/self/environ", "/proc/self/cmdline", "/proc/self/maps"}) {
    const std::string error = error_for(file);
    EXPECT_NE(error.find(std::string(file) + " is on /proc or /sys"), std::string::npos)
        << file << ": " << error;
  }
}

TEST_F(SecretReferenceTest, DevicesDirectoriesAndFifosAreRefusedWithoutBlocking) {
  ASSERT_EQ(::mkfifo((dir_ / "fifo").c_str(), 0600), 0);
  std::filesystem::create_directories(dir_ / "folder");
  for (const std::string target : {"fifo", "folder", "/dev/zero", "/dev/null"}) {
    const std::string error = error_for(target);
    EXPECT_NE(error.find("is not a regular file"), std::string::npos) << target << ": " << error;
  }
}

TEST_F(SecretReferenceTest, ASymbolicLinkToARegularFileIsFollowed) {
  // Secret mounts (Kubernetes, systemd credentials) present files as links into a data folder.
  test_support::write_file(dir_ / "data-secret", "linked-value\n");
  std::filesystem::create_symlink(dir_ / "data-secret", dir_ / "app_secret");
  std::string error;
  auto secret =
      resolve_secret_reference({SecretReference::Kind::kFile, "app_secret"}, dir_, &error);
  ASSERT_TRUE(secret.has_value()) << error;
  EXPECT_EQ(secret->view(), "linked-value");
}

TEST_F(SecretReferenceTest, ASymbolicLinkToAProcFileIsRefused) {
  std::filesystem::create_symlink("/proc/self/environ", dir_ / "sneaky");
  EXPECT_NE(error_for("sneaky").find("is on /proc or /sys"), std::string::npos);
}

TEST_F(SecretReferenceTest, AMissingFileNamesThePathAndTheCause) {
  const std::string error = error_for("absent");
  EXPECT_NE(error.find("cannot read secret file " + (dir_ / "absent").string()), std::string::npos)
      << error;
}

}  // namespace
}  // namespace host::engine
