// postgres_test_database.hpp: a fresh database on the ctest run's PostgreSQL server.
//
// ctest starts one server per run (the "postgres" fixture: tests/support/postgres_server) and
// gives its tests CONNECTOR_TEST_POSTGRES, the path of a file that holds the superuser's libpq
// connection string. Each PostgresTestDatabase creates a database of its own on that server and
// drops it at the end, so tests that run in parallel never see each other's tables.
#pragma once

#include <string>

namespace test_support {

class PostgresTestDatabase {
 public:
  // Creates the database. Outside ctest (no CONNECTOR_TEST_POSTGRES), or with the server gone,
  // this is a test failure that says how to run the test, never a skip.
  // ERRORS: throws std::runtime_error (after recording a gtest failure).
  PostgresTestDatabase();
  ~PostgresTestDatabase();
  PostgresTestDatabase(const PostgresTestDatabase&) = delete;
  PostgresTestDatabase& operator=(const PostgresTestDatabase&) = delete;

  // postgresql:///NAME?host=SOCKET_DIR&port=PORT&user=USER: what --state takes.
  const std::string& uri() const { return uri_; }
  const std::string& name() const { return name_; }
  // Runs `sql` as the superuser on this database (for tests that look behind the store).
  void exec(const std::string& sql) const;

 private:
  std::string admin_conninfo_;  // the server's postgres database
  std::string name_;
  std::string uri_;
};

}  // namespace test_support
