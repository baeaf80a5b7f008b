#include "postgres_test_database.hpp"

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

namespace test_support {
namespace {

[[noreturn]] void fail(const std::string& why) {
  ADD_FAILURE() << why;
  throw std::runtime_error(why);
}

// One command on a fresh connection (CREATE / DROP DATABASE cannot run in a transaction).
void run(const std::string& conninfo, const std::string& sql) {
  PGconn* conn = PQconnectdb(conninfo.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    const std::string why = PQerrorMessage(conn);
    PQfinish(conn);
    fail("cannot reach the test PostgreSQL server (" + conninfo + "): " + why);
  }
  PGresult* result = PQexec(conn, sql.c_str());
  const bool ok =
      PQresultStatus(result) == PGRES_COMMAND_OK || PQresultStatus(result) == PGRES_TUPLES_OK;
  const std::string why = PQresultErrorMessage(result);
  PQclear(result);
  PQfinish(conn);
  if (!ok) fail("\"" + sql + "\" failed: " + why);
}

// The value of `key` in a "key=value key=value" connection string.
std::string conninfo_value(const std::string& conninfo, const std::string& key) {
  std::istringstream words(conninfo);
  std::string word;
  while (words >> word) {
    if (word.rfind(key + "=", 0) == 0) return word.substr(key.size() + 1);
  }
  return {};
}

}  // namespace

PostgresTestDatabase::PostgresTestDatabase() {
  const char* file = std::getenv("CONNECTOR_TEST_POSTGRES");
  if (file == nullptr) {
    fail(
        "CONNECTOR_TEST_POSTGRES is not set: run this test through ctest, which starts the test "
        "PostgreSQL server (the \"postgres\" fixture), or start one with "
        "tests/support/postgres_server start DIR and set CONNECTOR_TEST_POSTGRES=DIR/conninfo");
  }
  std::ifstream in(file);
  std::getline(in, admin_conninfo_);
  if (admin_conninfo_.empty()) {
    fail(std::string("CONNECTOR_TEST_POSTGRES names ") + file +
         ", which holds no connection string: did the postgres fixture (e2e.postgres_server.start) "
         "fail?");
  }
  static std::atomic<int> counter{0};
  std::random_device random;
  name_ = "test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" +
          std::to_string(random() % 1000000);
  run(admin_conninfo_, "CREATE DATABASE " + name_);
  uri_ = "postgresql:///" + name_ + "?host=" + conninfo_value(admin_conninfo_, "host") +
         "&port=" + conninfo_value(admin_conninfo_, "port") +
         "&user=" + conninfo_value(admin_conninfo_, "user");
}

PostgresTestDatabase::~PostgresTestDatabase() {
  try {
    run(admin_conninfo_, "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
  } catch (...) {
    // Recorded as a failure already; the server and its databases go at the end of the run.
  }
}

void PostgresTestDatabase::exec(const std::string& sql) const { run(uri_, sql); }

}  // namespace test_support
