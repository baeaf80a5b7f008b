// store_backends.hpp: running one store test against both backends of the state database.
//
// A suite derives from BackendTest<> (or takes a StoreBackend parameter its own way), writes
// TEST_P instead of TEST_F, opens its state with state_.open() or state_.location(), and ends with
// STORE_TESTS_ON_BOTH_BACKENDS(Suite): every test then runs twice, as Suite.Test/sqlite and
// Suite.Test/postgresql. The PostgreSQL half needs the ctest "postgres" fixture (its CMake target
// declares CONNECTOR_POSTGRES_TEST_PROPERTIES).
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "postgres_test_database.hpp"
#include "store/connection_tables.hpp"
#include "store/database.hpp"
#include "test_directory.hpp"

namespace test_support {

using StoreBackend = host::store::Backend;

// A state for one test: always a scratch directory (for key files and outputs), and for the
// PostgreSQL backend a fresh database of its own.
class StateUnderTest {
 public:
  StateUnderTest(StoreBackend backend, std::string_view scratch_name) : scratch_(scratch_name) {
    if (backend == StoreBackend::kPostgresql) database_.emplace();
  }

  // <scratch>/state: the SQLite file's directory, and the key file's in both cases.
  std::filesystem::path dir() const { return scratch_.path() / "state"; }
  const std::filesystem::path& scratch() const { return scratch_.path(); }
  host::store::StateLocation location() const {
    return {.dir = dir(), .database_uri = database_ ? database_->uri() : std::string()};
  }
  std::unique_ptr<host::store::Database> open() const {
    return host::store::Database::open(location());
  }
  std::unique_ptr<host::store::Database> open_connections() const {
    return host::store::open_connection_state(location());
  }
  bool in_postgresql() const { return database_.has_value(); }

 private:
  TestDirectory scratch_;
  std::optional<PostgresTestDatabase> database_;
};

inline std::string backend_test_name(const ::testing::TestParamInfo<StoreBackend>& info) {
  return info.param == StoreBackend::kPostgresql ? "postgresql" : "sqlite";
}

// A fixture whose state is on the backend of the test's parameter.
template <typename Base = ::testing::Test>
class BackendTest : public Base, public ::testing::WithParamInterface<StoreBackend> {
 protected:
  explicit BackendTest(std::string_view scratch_name = "store")
      : state_(GetParam(), scratch_name) {}
  StateUnderTest state_;
};

}  // namespace test_support

#define STORE_TESTS_ON_BOTH_BACKENDS(Suite)                                              \
  INSTANTIATE_TEST_SUITE_P(, Suite,                                                      \
                           ::testing::Values(::test_support::StoreBackend::kSqlite,      \
                                             ::test_support::StoreBackend::kPostgresql), \
                           ::test_support::backend_test_name)

// Instantiates a suite of tests that hold only for a state with files: SQLite's.
#define STORE_TESTS_ON_SQLITE_ONLY(Suite)                                                     \
  INSTANTIATE_TEST_SUITE_P(, Suite, ::testing::Values(::test_support::StoreBackend::kSqlite), \
                           ::test_support::backend_test_name)
