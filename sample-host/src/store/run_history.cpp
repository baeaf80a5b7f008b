#include "store/run_history.hpp"

#include <unistd.h>

#include <array>
#include <chrono>
#include <string_view>

#include "store/database_clock.hpp"
#include "store/process_alive.hpp"

namespace host::store {
namespace {

// Migrations of the "run_history" area. Append only: a released step never changes.
constexpr std::array<std::string_view, 3> kRunHistoryMigrations = {
    R"sql(
CREATE TABLE flow_runs (
  id INTEGER PRIMARY KEY,
  flow TEXT NOT NULL,
  flow_file TEXT NOT NULL,
  kind TEXT NOT NULL,
  connection TEXT NOT NULL,
  shop TEXT NOT NULL,
  mode TEXT NOT NULL,
  started_by TEXT NOT NULL,
  pid INTEGER NOT NULL,
  started_at_ms INTEGER NOT NULL,
  updated_at_ms INTEGER NOT NULL,
  ended_at_ms INTEGER,
  outcome TEXT NOT NULL,
  step TEXT NOT NULL DEFAULT '',
  records INTEGER NOT NULL DEFAULT 0,
  pages INTEGER NOT NULL DEFAULT 0,
  calls INTEGER NOT NULL DEFAULT 0,
  requests INTEGER NOT NULL DEFAULT 0,
  retries INTEGER NOT NULL DEFAULT 0,
  rate_limited INTEGER NOT NULL DEFAULT 0,
  applied INTEGER NOT NULL DEFAULT 0,
  skipped INTEGER NOT NULL DEFAULT 0,
  failed INTEGER NOT NULL DEFAULT 0,
  cursor_before INTEGER,
  cursor_after INTEGER,
  output TEXT NOT NULL DEFAULT '',
  error TEXT NOT NULL DEFAULT '');
CREATE INDEX flow_runs_by_flow ON flow_runs(flow, id);
CREATE INDEX flow_runs_running ON flow_runs(id) WHERE ended_at_ms IS NULL;
)sql",
    // 2: an import's failed records (the first kMaxRunFailures), in the order they failed.
    R"sql(
CREATE TABLE flow_run_failures (
  run_id INTEGER NOT NULL,
  position INTEGER NOT NULL,
  line INTEGER NOT NULL,
  record_key TEXT NOT NULL,
  code TEXT NOT NULL,
  message TEXT NOT NULL,
  PRIMARY KEY (run_id, position));
)sql",
    // 3: the machine a run's pid belongs to (several share a state in PostgreSQL), and which
    // serve process took each scheduled fire (one fire, one run, however many serve).
    R"sql(
ALTER TABLE flow_runs ADD COLUMN host TEXT NOT NULL DEFAULT '';
CREATE TABLE schedule_fires (
  flow TEXT NOT NULL,
  due INTEGER NOT NULL,
  claimed_by TEXT NOT NULL,
  claimed_at INTEGER NOT NULL,
  PRIMARY KEY (flow, due));
)sql"};

// How long a claimed fire is remembered (a fire is claimed at its due time, never later).
constexpr int64_t kFireMemorySeconds = int64_t{7} * 24 * 3600;

// The columns every read selects, in RunRecord's order (read_row reads them in this order).
constexpr std::string_view kColumns =
    "id, flow, flow_file, kind, connection, shop, mode, started_by, pid, started_at_ms,"
    " updated_at_ms, ended_at_ms, outcome, step, records, pages, calls, requests, retries,"
    " rate_limited, applied, skipped, failed, cursor_before, cursor_after, output, error";

// The outcomes that need no look; everything else (interrupted included) is a failure.
constexpr std::string_view kFineOutcomes = "('queued', 'running', 'succeeded', 'nothing_to_do')";

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void bind_optional(Statement& s, int index, const std::optional<int64_t>& value) {
  if (value) {
    s.bind(index, *value);
  } else {
    s.bind_null(index);
  }
}

RunRecord read_row(const Statement& s) {
  RunRecord r;
  RunStart& start = r.start;
  RunCounts& c = r.counts;
  read_columns(s, r.id, start.flow, start.flow_file, start.kind, start.connection, start.shop,
               start.mode, start.started_by, r.pid, r.started_at_ms, r.updated_at_ms, r.ended_at_ms,
               r.outcome, r.step, c.records, c.pages, c.calls, c.requests, c.retries,
               c.rate_limited, c.applied, c.skipped, c.failed, r.cursor_before, r.cursor_after,
               r.output, r.error);
  return r;
}

// Binds the counts to ?first .. ?first+8, in RunCounts's order.
void bind_counts(Statement& s, int first, const RunCounts& c) {
  const uint64_t values[] = {c.records,      c.pages,   c.calls,   c.requests, c.retries,
                             c.rate_limited, c.applied, c.skipped, c.failed};
  for (uint64_t value : values) s.bind(first++, static_cast<int64_t>(value));
}

constexpr std::string_view kSetCounts =
    "records = ?2, pages = ?3, calls = ?4, requests = ?5, retries = ?6, rate_limited = ?7,"
    " applied = ?8, skipped = ?9, failed = ?10";

// How long after its start another machine's run may be without its lease (see below): the run
// takes it at once, so this only needs to cover the machines' clocks disagreeing.
constexpr int64_t kRunLeaseGraceMs = kLeaseStaleSeconds * 1000;

// Ends the rows whose process is gone without ending them: they read as interrupted, ended at
// their last write. Only this machine's pids can be checked, so this machine's rows (and rows
// from before runs recorded their machine) are judged by pid; other machines' by their leases.
void settle_interrupted_runs(Database& db) {
  std::vector<std::pair<int64_t, int64_t>> running;  // (id, pid)
  Statement select = db.prepare(
      "SELECT id, pid FROM flow_runs WHERE ended_at_ms IS NULL AND (host = ?1 OR host = '')");
  select.bind(1, this_host());
  while (select.step()) running.emplace_back(select.column_int(0), select.column_int(1));
  for (const auto& [id, pid] : running) {
    if (process_alive(pid)) continue;
    db.prepare(
          "UPDATE flow_runs SET outcome = ?2, ended_at_ms = updated_at_ms,"
          " error = 'the process running it (pid ' || pid || ') ended before the run did'"
          " WHERE id = ?1 AND ended_at_ms IS NULL")
        .bind_all(id, kRunInterrupted)
        .run();
  }
  // Another machine's running (and queued) rows: a run holds a lease naming it (run_id; the
  // engine's connection_leases, engine/connections/connection_lease.hpp) from its first step,
  // beaten on the database's clock, so a row whose lease is gone or silent is a run whose machine
  // died or lost the state. kRunLeaseGraceMs covers the moment between a row's start and its lease
  // (by this machine's clock against the other's: clocks that far apart would misjudge it). (Each
  // read is finished before any write: on SQLite an open read would keep a snapshot that cannot
  // become a write once another process wrote.)
  if (!db.prepare("SELECT 1 FROM schema_migrations WHERE area = 'engine_lease' AND version = 3")
           .step()) {
    return;  // no lease has named its run yet
  }
  // Read first: the common answer is none, and a read takes no write lock.
  const std::string live = " l.heartbeat_at >= " + database_now_seconds(db) + " - ?4";
  std::vector<std::pair<int64_t, bool>> silent;  // (id, was running)
  Statement unleased = db.prepare(
      "SELECT id, outcome = ?1 FROM flow_runs WHERE ended_at_ms IS NULL AND host <> ?2 AND"
      " host <> '' AND started_at_ms < ?3 AND CASE WHEN outcome = ?1"
      " THEN NOT EXISTS (SELECT 1 FROM connection_leases l WHERE l.run_id = flow_runs.id AND" +
      live +
      ")"
      // A queued row waits for a worker of its process, whose machine then holds leases (its
      // runs', its listeners'): none at all, and the process is gone.
      " ELSE NOT EXISTS (SELECT 1 FROM connection_leases l WHERE l.host = flow_runs.host AND" +
      live + ") END");
  unleased.bind_all(kRunRunning, this_host(), now_ms() - kRunLeaseGraceMs, kLeaseStaleSeconds);
  while (unleased.step()) silent.emplace_back(unleased.column_int(0), unleased.column_int(1) != 0);
  for (const auto& [id, was_running] : silent) {
    db.prepare(std::string("UPDATE flow_runs SET outcome = ?2, ended_at_ms = updated_at_ms,"
                           " error = 'the process ") +
               (was_running ? "running it (pid ' || pid || ' on ' || host || ') stopped holding"
                              " its lease before the run ended'"
                            : "it waited in (pid ' || pid || ' on ' || host || ') holds no"
                              " lease any more: it ended before the run started'") +
               " WHERE id = ?1 AND ended_at_ms IS NULL")
        .bind_all(id, kRunInterrupted)
        .run();
  }
}

}  // namespace

bool RunRecord::failed() const {
  return outcome != kRunQueued && outcome != kRunRunning && outcome != "succeeded" &&
         outcome != "nothing_to_do";
}

void migrate_run_history(Database& db) { db.migrate("run_history", kRunHistoryMigrations); }

namespace {

int64_t insert_run(Database& db, const RunStart& start, std::string_view outcome) {
  migrate_run_history(db);
  const int64_t now = now_ms();
  Statement insert = db.prepare(
      "INSERT INTO flow_runs(flow, flow_file, kind, connection, shop, mode, started_by, pid,"
      " started_at_ms, updated_at_ms, outcome, host) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
      " ?9, ?10, ?11) RETURNING id");
  insert.bind_all(start.flow, start.flow_file, start.kind, start.connection, start.shop, start.mode,
                  start.started_by, static_cast<int64_t>(::getpid()), now, outcome, this_host());
  if (!insert.step()) throw StoreError("a new run's row has no id");
  return insert.column_int(0);
}

}  // namespace

int64_t begin_run(Database& db, const RunStart& start) {
  return insert_run(db, start, kRunRunning);
}

int64_t begin_queued_run(Database& db, const RunStart& start) {
  return insert_run(db, start, kRunQueued);
}

void start_queued_run(Database& db, int64_t id) {
  const int64_t now = now_ms();
  db.prepare(
        "UPDATE flow_runs SET outcome = ?2, started_at_ms = ?3, updated_at_ms = ?3"
        " WHERE id = ?1 AND outcome = ?4 AND ended_at_ms IS NULL")
      .bind_all(id, kRunRunning, now, kRunQueued)
      .run();
}

void update_run_counts(Database& db, int64_t id, const RunCounts& counts) {
  Statement update = db.prepare("UPDATE flow_runs SET " + std::string(kSetCounts) +
                                ", updated_at_ms = ?11 WHERE id = ?1 AND ended_at_ms IS NULL");
  update.bind(1, id);
  bind_counts(update, 2, counts);
  update.bind(11, now_ms()).run();
}

void finish_run(Database& db, int64_t id, const RunEnd& end) {
  Statement update = db.prepare(
      "UPDATE flow_runs SET " + std::string(kSetCounts) +
      ", updated_at_ms = ?11, ended_at_ms = ?11, outcome = ?12, step = ?13,"
      " shop = CASE WHEN ?14 = '' THEN shop ELSE ?14 END, cursor_before = ?15, cursor_after = ?16,"
      " output = ?17, error = ?18 WHERE id = ?1 AND ended_at_ms IS NULL");
  update.bind(1, id);
  bind_counts(update, 2, end.counts);
  update.bind(11, now_ms()).bind(12, end.outcome).bind(13, end.step).bind(14, end.shop);
  bind_optional(update, 15, end.cursor_before);
  bind_optional(update, 16, end.cursor_after);
  update.bind(17, end.output).bind(18, end.error).run();
}

void add_run_failures(Database& db, int64_t id, const std::vector<RunFailure>& failures) {
  if (failures.empty()) return;
  db.transaction([&] {
    Statement count = db.prepare("SELECT COUNT(*) FROM flow_run_failures WHERE run_id = ?1");
    count.bind(1, id);
    int64_t kept = count.step() ? count.column_int(0) : 0;
    for (const RunFailure& failure : failures) {
      if (kept >= static_cast<int64_t>(kMaxRunFailures)) break;
      ++kept;
      db.prepare(
            "INSERT INTO flow_run_failures(run_id, position, line, record_key, code, message)"
            " VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
          .bind(1, id)
          .bind(2, kept)
          .bind(3, failure.line)
          .bind(4, failure.key)
          .bind(5, failure.code)
          .bind(6, failure.message.substr(0, kMaxRunFailureMessage))
          .run();
    }
  });
}

std::vector<RunRecord> list_runs(Database& db, const RunFilter& filter) {
  migrate_run_history(db);
  settle_interrupted_runs(db);
  std::string sql =
      "SELECT " + std::string(kColumns) + " FROM flow_runs WHERE (?1 = '' OR flow = ?1)";
  if (filter.failed) sql += " AND outcome NOT IN " + std::string(kFineOutcomes);
  sql += " ORDER BY id DESC LIMIT ?2";
  Statement select = db.prepare(sql);
  select.bind(1, filter.flow);
  select.bind(2, static_cast<int64_t>(filter.limit));
  return read_rows(select, read_row);
}

std::optional<RunRecord> find_run(Database& db, int64_t id) {
  migrate_run_history(db);
  settle_interrupted_runs(db);
  Statement select =
      db.prepare("SELECT " + std::string(kColumns) + " FROM flow_runs WHERE id = ?1");
  select.bind(1, id);
  std::optional<RunRecord> run = read_first_row(select, read_row);
  if (!run) return run;
  Statement failures = db.prepare(
      "SELECT line, record_key, code, message FROM flow_run_failures WHERE run_id = ?1"
      " ORDER BY position");
  failures.bind(1, id);
  run->failures = read_rows(failures, [](const Statement& s) {
    RunFailure f;
    read_columns(s, f.line, f.key, f.code, f.message);
    return f;
  });
  return run;
}

bool claim_fire(Database& db, std::string_view flow, int64_t due, std::string_view claimant) {
  migrate_run_history(db);
  bool claimed = false;
  db.transaction([&] {
    db.prepare("DELETE FROM schedule_fires WHERE flow = ?1 AND due < ?2")
        .bind_all(flow, due - kFireMemorySeconds)
        .run();
    db.prepare(
          "INSERT INTO schedule_fires(flow, due, claimed_by, claimed_at) VALUES (?1, ?2, ?3, ?4)"
          " ON CONFLICT (flow, due) DO NOTHING")
        .bind_all(flow, due, claimant, now_ms() / 1000)
        .run();
    claimed = db.changes() == 1;
  });
  return claimed;
}

std::string fire_claimant(Database& db, std::string_view flow, int64_t due) {
  migrate_run_history(db);
  Statement select =
      db.prepare("SELECT claimed_by FROM schedule_fires WHERE flow = ?1 AND due = ?2");
  select.bind_all(flow, due);
  return select.step() ? select.column_text(0) : std::string();
}

}  // namespace host::store
