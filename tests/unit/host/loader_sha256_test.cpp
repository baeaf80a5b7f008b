// file_sha256_hex: known digests (FIPS 180-2 vectors), chunk boundaries, unreadable files.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "loader/file_sha256.hpp"

namespace host::loader {
namespace {

namespace fs = std::filesystem;

class FileSha256 : public ::testing::Test {
 protected:
  void TearDown() override { fs::remove(file_); }
  std::optional<std::string> hash_of(const std::string& bytes) {
    std::ofstream(file_, std::ios::binary) << bytes;
    return file_sha256_hex(file_, &error_);
  }
  fs::path file_ = fs::temp_directory_path() / ("sha256-test-" + std::to_string(::getpid()));
  std::string error_;
};

TEST_F(FileSha256, EmptyFile) {
  EXPECT_EQ(hash_of(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_F(FileSha256, Abc) {
  EXPECT_EQ(hash_of("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_F(FileSha256, OneMillionAsSpanManyReadChunks) {
  EXPECT_EQ(hash_of(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_F(FileSha256, MissingFileIsAnErrorNamingIt) {
  const fs::path missing = fs::temp_directory_path() / "sha256-test-no-such-file";
  EXPECT_FALSE(file_sha256_hex(missing, &error_));
  EXPECT_TRUE(error_.starts_with("cannot open " + missing.string())) << error_;
}

}  // namespace
}  // namespace host::loader
