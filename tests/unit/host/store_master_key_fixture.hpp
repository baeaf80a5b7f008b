// store_master_key_fixture.hpp: the setup the master-key tests share: a fresh state directory
// (made by the code under test), its connection state open, and no master key in the
// environment before or after each test, so that a key set by one test never reaches another.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "store/connection_tables.hpp"
#include "store/database.hpp"
#include "store/master_key.hpp"
#include "test_directory.hpp"

namespace test_support {

class MasterKeyStateTest : public ::testing::Test {
 protected:
  // `scratch_name` names the test's scratch directory (test_directory.hpp).
  explicit MasterKeyStateTest(std::string_view scratch_name) : scratch_(scratch_name) {}

  // Two master keys (hex) a test sets in the environment.
  static inline const std::string kKeyA = std::string(64, 'a');
  static inline const std::string kKeyB = std::string(64, 'b');

  void SetUp() override {
    ::unsetenv(host::store::kMasterKeyEnv);
    db_ = host::store::open_connection_state(dir_);
  }
  void TearDown() override {
    ::unsetenv(host::store::kMasterKeyEnv);
    db_.reset();
  }

  TestDirectory scratch_;
  const std::filesystem::path dir_ = scratch_.path() / "state";  // made by the code under test
  std::unique_ptr<host::store::Database> db_;
};

}  // namespace test_support
