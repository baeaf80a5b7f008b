// database.cpp: what both backends share: migrations, transactions, and choosing the backend.
#include "store/database.hpp"

#include <ctime>
#include <string>

#include "store/connection_tables.hpp"

namespace host::store {

StateLocation StateLocation::parse(std::string_view argument) {
  if (argument.starts_with("postgresql://") || argument.starts_with("postgres://")) {
    return {.dir = {}, .database_uri = std::string(argument)};
  }
  return {.dir = std::filesystem::path(argument), .database_uri = {}};
}

std::string describe_database_uri(std::string_view uri) {
  // scheme://[user[:password]@]host...: drop what lies between the first ':' after the scheme
  // and the '@' that ends the user information.
  const size_t start = uri.find("://");
  if (start == std::string_view::npos) return std::string(uri);
  const size_t authority = start + 3;
  const size_t end = uri.find_first_of("/?#", authority);
  const std::string_view host_part = uri.substr(authority, end - authority);
  const size_t at = host_part.rfind('@');
  if (at == std::string_view::npos) return std::string(uri);
  const std::string_view user_info = host_part.substr(0, at);
  const size_t colon = user_info.find(':');
  if (colon == std::string_view::npos) return std::string(uri);
  std::string masked(uri.substr(0, authority));
  masked.append(user_info.substr(0, colon)).append(":***");
  masked.append(uri.substr(authority + at));
  return masked;
}

std::unique_ptr<Database> Database::open(const StateLocation& state) {
  if (state.in_postgresql()) return open_postgresql(state.database_uri);
  return open(state.dir / kStateDatabaseFile);
}

void Database::transaction(const std::function<void()>& body) {
  begin_write();
  try {
    body();
    commit();
  } catch (...) {
    // The rollback may itself fail (e.g. the COMMIT already ended the transaction); the original
    // error is the one worth reporting.
    rollback();
    throw;
  }
}

int64_t Database::applied_versions(std::string_view area) {
  Statement applied = prepare("SELECT count(*) FROM schema_migrations WHERE area = ?1");
  applied.bind(1, area);
  return applied.step() ? applied.column_int(0) : 0;
}

void Database::migrate(std::string_view area, std::span<const std::string_view> steps) {
  // A database already at the newest version is the common case (every command and every run
  // opens it): answer it with one read, so that many processes opening the state at once do not
  // queue for the write lock only to find nothing to do.
  // (The statement is finished before any step runs: SQLite refuses DDL while it is open.)
  if (applied_versions(area) >= static_cast<int64_t>(steps.size())) return;
  for (size_t version = 0; version < steps.size(); ++version) {
    transaction([&] {
      // Re-read inside the write lock: another process may have migrated meanwhile.
      Statement done = prepare("SELECT 1 FROM schema_migrations WHERE area = ?1 AND version = ?2");
      done.bind(1, area).bind(2, static_cast<int64_t>(version + 1));
      if (done.step()) return;
      try {
        exec(schema_sql(steps[version]));
      } catch (const StoreError& e) {
        throw StoreError("migration " + std::string(area) + " " + std::to_string(version + 1) +
                         " failed: " + e.what());
      }
      prepare("INSERT INTO schema_migrations(area, version, applied_at) VALUES (?1, ?2, ?3)")
          .bind_all(area, static_cast<int64_t>(version + 1),
                    static_cast<int64_t>(std::time(nullptr)))
          .run();
    });
  }
}

}  // namespace host::store
