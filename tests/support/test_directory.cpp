// test_directory.cpp: mkdtemp under the test's name, remove_all at the end.
#include "test_directory.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <system_error>

namespace test_support {
namespace {

// The running test's name ("Suite.Name/0" for a parameterized one) reduced to characters that are
// safe in one path component.
std::string current_test_name() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  if (info == nullptr) return "no-test";
  std::string name = std::string(info->test_suite_name()) + "." + info->name();
  for (char& c : name) {
    const bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '_' || c == '-' || c == '.';
    if (!safe) c = '_';
  }
  return name;
}

}  // namespace

TestDirectory::TestDirectory(std::string_view prefix) {
  std::string pattern = (std::filesystem::temp_directory_path() /
                         (std::string(prefix) + "-" + current_test_name() + "-XXXXXX"))
                            .string();
  if (mkdtemp(pattern.data()) == nullptr) ADD_FAILURE() << "mkdtemp failed for " << pattern;
  path_ = pattern;
}

TestDirectory::~TestDirectory() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

}  // namespace test_support
