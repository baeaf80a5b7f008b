#include "store/token_store.hpp"

namespace host::store {
namespace {

constexpr const char* kSelectSummary =
    "SELECT generation, access_expires_at, refresh_expires_at, account_id, account_name,"
    " account_region, scopes_json, needs_reauthorization, reauthorization_reason, updated_at,"
    " access_sealed, refresh_sealed FROM connection_tokens WHERE connection_id = ?1";

TokenSummary read_summary_columns(const Statement& row) {
  TokenSummary s;
  read_columns(row, s.generation, s.access_expires_at, s.refresh_expires_at, s.account_id,
               s.account_name, s.account_region, s.scopes_json, s.needs_reauthorization,
               s.reauthorization_reason, s.updated_at);
  return s;
}

}  // namespace

std::optional<TokenSummary> read_token_summary(Database& db, int64_t connection_id) {
  Statement select = db.prepare(kSelectSummary);
  select.bind(1, connection_id);
  return read_first_row(select, read_summary_columns);
}

std::optional<StoredTokens> read_tokens(Database& db, const SecretBox& box, int64_t connection_id) {
  Statement select = db.prepare(kSelectSummary);
  select.bind(1, connection_id);
  if (!select.step()) return std::nullopt;
  StoredTokens out;
  out.summary = read_summary_columns(select);
  const std::string owner = sealed_owner(kConnectionSecrets.owner_kind, connection_id);
  auto access = box.open(owner, kAccessField, select.column_blob(10));
  auto refresh = box.open(owner, kRefreshField, select.column_blob(11));
  if (!access || !refresh) throw SecretDecryptError("the stored tokens do not decrypt");
  TokenSet& t = out.tokens;
  t.access_token = std::move(*access);
  t.refresh_token = std::move(*refresh);
  t.access_expires_at = out.summary.access_expires_at;
  t.refresh_expires_at = out.summary.refresh_expires_at;
  t.account_id = out.summary.account_id;
  t.account_name = out.summary.account_name;
  t.account_region = out.summary.account_region;
  t.scopes_json = out.summary.scopes_json;
  return out;
}

int64_t write_tokens(Database& db, const SecretBox& box, int64_t connection_id,
                     const TokenSet& tokens) {
  const std::string owner = sealed_owner(kConnectionSecrets.owner_kind, connection_id);
  const std::string access = box.seal(owner, kAccessField, tokens.access_token.view());
  const std::string refresh = box.seal(owner, kRefreshField, tokens.refresh_token.view());
  db.prepare(
        "INSERT INTO connection_tokens(connection_id, generation, access_sealed,"
        " access_expires_at, refresh_sealed, refresh_expires_at, account_id, account_name,"
        " account_region, scopes_json, needs_reauthorization, reauthorization_reason,"
        " lease_owner, lease_until, updated_at)"
        " VALUES (?1, 1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 0, '', '', 0, ?10)"
        " ON CONFLICT(connection_id) DO UPDATE SET generation = connection_tokens.generation + 1,"
        " access_sealed = excluded.access_sealed, access_expires_at = excluded.access_expires_at,"
        " refresh_sealed = excluded.refresh_sealed,"
        " refresh_expires_at = excluded.refresh_expires_at, account_id = excluded.account_id,"
        " account_name = excluded.account_name, account_region = excluded.account_region,"
        " scopes_json = excluded.scopes_json, needs_reauthorization = 0,"
        " reauthorization_reason = '', lease_owner = '', lease_until = 0,"
        " updated_at = excluded.updated_at")
      .bind_all(connection_id, as_bytes(access), tokens.access_expires_at, as_bytes(refresh),
                tokens.refresh_expires_at, tokens.account_id, tokens.account_name,
                tokens.account_region, tokens.scopes_json, unix_now())
      .run();
  Statement select =
      db.prepare("SELECT generation FROM connection_tokens WHERE connection_id = ?1");
  select.bind(1, connection_id);
  return select.step() ? select.column_int(0) : 0;
}

void mark_needs_reauthorization(Database& db, int64_t connection_id, std::string_view reason) {
  db.transaction([&] {
    db.prepare(
          "UPDATE connection_tokens SET needs_reauthorization = 1, reauthorization_reason = ?2,"
          " lease_owner = '', lease_until = 0, updated_at = ?3 WHERE connection_id = ?1")
        .bind_all(connection_id, reason, unix_now())
        .run();
  });
}

LeaseOutcome try_acquire_refresh_lease(Database& db, int64_t connection_id, int64_t seen_generation,
                                       std::string_view owner, int64_t now, int64_t lease_seconds) {
  LeaseOutcome outcome = LeaseOutcome::kNoTokens;
  db.transaction([&] {
    Statement select = db.prepare(
        "SELECT generation, lease_owner, lease_until FROM connection_tokens"
        " WHERE connection_id = ?1");
    select.bind(1, connection_id);
    if (!select.step()) {
      outcome = LeaseOutcome::kNoTokens;
      return;
    }
    if (select.column_int(0) != seen_generation) {
      outcome = LeaseOutcome::kRotated;
      return;
    }
    const std::string holder = select.column_text(1);
    if (!holder.empty() && holder != owner && select.column_int(2) > now) {
      outcome = LeaseOutcome::kBusy;
      return;
    }
    db.prepare(
          "UPDATE connection_tokens SET lease_owner = ?2, lease_until = ?3"
          " WHERE connection_id = ?1")
        .bind_all(connection_id, owner, now + lease_seconds)
        .run();
    outcome = LeaseOutcome::kAcquired;
  });
  return outcome;
}

void release_refresh_lease(Database& db, int64_t connection_id, std::string_view owner) {
  db.transaction([&] {
    db.prepare(
          "UPDATE connection_tokens SET lease_owner = '', lease_until = 0"
          " WHERE connection_id = ?1 AND lease_owner = ?2")
        .bind_all(connection_id, owner)
        .run();
  });
}

void write_scopes(Database& db, int64_t connection_id, const std::vector<ScopeRow>& scopes) {
  db.prepare("DELETE FROM connection_scopes WHERE connection_id = ?1").bind(1, connection_id).run();
  Statement insert = db.prepare(
      "INSERT INTO connection_scopes(connection_id, position, scope_id, name, region,"
      " credential) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (connection_id, scope_id)"
      " DO UPDATE SET position = excluded.position, name = excluded.name,"
      " region = excluded.region, credential = excluded.credential");
  int64_t position = 0;
  for (const ScopeRow& s : scopes) {
    insert.bind_all(connection_id, position++, s.id, s.name, s.region, s.credential).run();
    insert.reset();
  }
}

std::vector<ScopeRow> read_scopes(Database& db, int64_t connection_id) {
  Statement select = db.prepare(
      "SELECT scope_id, name, region, credential FROM connection_scopes"
      " WHERE connection_id = ?1 ORDER BY position");
  select.bind(1, connection_id);
  return read_rows(select, [](const Statement& row) {
    ScopeRow scope;
    read_columns(row, scope.id, scope.name, scope.region, scope.credential);
    return scope;
  });
}

}  // namespace host::store
