#include "store/database_clock.hpp"

namespace host::store {

// clock_timestamp(), not now(): the time of the statement, not of its transaction's start.
std::string database_now_seconds(const Database& db) {
  return db.backend() == Backend::kPostgresql
             ? "CAST(FLOOR(EXTRACT(EPOCH FROM clock_timestamp())) AS BIGINT)"
             : "CAST(strftime('%s', 'now') AS INTEGER)";
}

std::string database_now_ms(const Database& db) {
  return db.backend() == Backend::kPostgresql
             ? "CAST(FLOOR(EXTRACT(EPOCH FROM clock_timestamp()) * 1000) AS BIGINT)"
             : "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)";
}

}  // namespace host::store
