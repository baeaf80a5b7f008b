// test_directory.hpp: a fresh directory for one test's databases, manifests and outputs.
#pragma once

#include <filesystem>
#include <string_view>

namespace test_support {

// Created (empty, mode 0700) on construction under the system temp directory, named after
// `prefix` and the running test so that a leftover points at its test; unique even when one test
// makes several. Removed with all it holds on destruction. A failure to create it fails the test.
class TestDirectory {
 public:
  explicit TestDirectory(std::string_view prefix = "test");
  ~TestDirectory();
  TestDirectory(const TestDirectory&) = delete;
  TestDirectory& operator=(const TestDirectory&) = delete;

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace test_support
