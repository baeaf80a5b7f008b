// store_master_key_fixture.hpp: the setup the master-key tests share: a fresh state (a directory
// made by the code under test, or a PostgreSQL database), its connection state open, and no
// master key in the environment before or after each test, so that a key set by one test never
// reaches another.
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
#include "store_backends.hpp"
#include "test_directory.hpp"

namespace test_support {

// On the backend of the test's parameter (store_backends.hpp). A SQLite state keeps its key file
// in dir_; a PostgreSQL state has no directory (dir_ is empty, as the host passes it), so its key
// comes only from the environment. Suites of key-file tests instantiate for SQLite alone.
class MasterKeyStateTest : public BackendTest<> {
 protected:
  // `scratch_name` names the test's scratch directory (test_directory.hpp).
  explicit MasterKeyStateTest(std::string_view scratch_name) : BackendTest(scratch_name) {}

  // Two master keys (hex) a test sets in the environment.
  static inline const std::string kKeyA = std::string(64, 'a');
  static inline const std::string kKeyB = std::string(64, 'b');

  void SetUp() override {
    ::unsetenv(host::store::kMasterKeyEnv);
    db_ = state_.open_connections();
  }
  void TearDown() override {
    ::unsetenv(host::store::kMasterKeyEnv);
    db_.reset();
  }

  // The SQLite state's directory (made by the code under test), or none.
  const std::filesystem::path dir_ =
      state_.in_postgresql() ? std::filesystem::path() : state_.dir();
  std::unique_ptr<host::store::Database> db_;
};

}  // namespace test_support
