#include "engine/flows/import/import_runner.hpp"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <vector>

#include <connector_abi/connector.hpp>
#include <json_writer/json_writer.hpp>

#include "engine/flows/export_definition.hpp"
#include "engine/flows/import/import_request.hpp"
#include "engine/flows/jsonl_file.hpp"

namespace host::engine {
namespace {

struct Line {
  uint64_t number = 0;
  std::string text;
};

// Verdicts after which sending more records is pointless: the authorization or the service is
// gone, not this record's data.
bool stops_the_run(cnx_status verdict) {
  return verdict == CNX_STATUS_REAUTHORIZE || verdict == CNX_STATUS_REFRESH_TOKEN ||
         verdict == CNX_STATUS_RETRY || verdict == CNX_STATUS_RATE_LIMITED;
}

bool has_item_errors(const std::string& json) {
  return json.find_first_not_of(" \t\r\n[]") != std::string::npos;
}

ImportFailure import_failure(const Line& line, const std::string& key, const CallResult& answer) {
  ImportFailure failure{line.number, key, {}, {}};
  if (answer.ok()) {  // applied, but the remote side refused some of its items
    failure.code = "ITEM_ERRORS";
    failure.message = answer.item_errors_json;
  } else {
    failure.code = answer.remote_code != 0 ? std::to_string(answer.remote_code)
                                           : std::string(cnx::status_name(answer.verdict));
    failure.message = answer.describe();
  }
  return failure;
}

class ImportWork {
 public:
  ImportWork(const FlowManifest& flow, const EndpointSpec& endpoint,
             const std::string& scope_credential, RemoteCaller& caller, const ImportRun& run)
      : flow_(flow),
        endpoint_(endpoint),
        scope_credential_(scope_credential),
        caller_(caller),
        run_(run),
        results_(run.results, JsonlWriter::OpenMode::kAppend) {}

  ImportResult run() {
    try {
      bind_target();
    } catch (const std::exception& e) {
      result_.ok = false;
      result_.error = std::string("cannot open the import ledger: ") + e.what();
      return result_;
    }
    const size_t n = static_cast<size_t>(flow_.concurrency);
    std::vector<std::thread> workers;
    for (size_t i = 0; i < n; ++i) workers.emplace_back([this] { work(); });
    try {
      std::optional<JsonlFileSource> file;
      RecordSource* source = run_.source;
      if (source == nullptr) source = &file.emplace(run_.input);
      while (auto record = source->next()) {
        std::unique_lock lock(mutex_);
        space_.wait(lock, [&] { return queue_.size() < n * 4 || stopped_; });
        if (stopped_) break;
        queue_.push_back({record->number, std::string(record->text)});
        ++result_.counters.read;
        ready_.notify_one();
        report_progress_locked();
      }
    } catch (const std::exception& e) {
      stop(e.what());
    }
    {
      std::lock_guard lock(mutex_);
      done_reading_ = true;
      ready_.notify_all();
    }
    for (auto& t : workers) t.join();
    std::lock_guard lock(mutex_);
    if (!error_.empty() && run_.check_still_allowed) {
      // A deleted connection makes calls fail in many ways (no tokens, say); name the cause.
      if (std::string why = run_.check_still_allowed(); !why.empty()) error_ = why;
    }
    results_.sync();
    if (result_.counters.applied_elsewhere > 0 && run_.warn) {
      run_.warn(std::to_string(result_.counters.applied_elsewhere) + " of the records flow " +
                flow_.name + " sent had been applied before to another target (" +
                first_elsewhere_change_ +
                "); each target keeps its own ledger, so they were "
                "sent to this one too. Their lines in " +
                run_.results.string() + " say so (\"note\")");
    }
    result_.ok = error_.empty();
    result_.error = error_;
    return result_;
  }

 private:
  // Registers the run's target and adopts the flow's version-1 rows for it.
  void bind_target() {
    const auto ledger = run_.open_ledger();
    scope_ = LedgerScope{flow_.name, ledger->target_id(run_.target)};
    const int64_t adopted = ledger->adopt_unbound(scope_);
    if (adopted > 0 && run_.warn) {
      run_.warn(std::to_string(adopted) + " import ledger rows of flow " + flow_.name +
                " were recorded before the ledger kept their target; they are bound to this "
                "one now (" +
                run_.target + ")");
    }
  }

  void stop(const std::string& why) {
    std::lock_guard lock(mutex_);
    if (error_.empty()) error_ = why;
    stopped_ = true;
    space_.notify_all();
    ready_.notify_all();
  }

  void report_progress_locked() {
    if (!run_.progress) return;
    const auto now = std::chrono::steady_clock::now();
    if (now - last_progress_ < std::chrono::milliseconds(500)) return;
    last_progress_ = now;
    run_.progress(result_.counters);
  }

  void work() {
    std::unique_ptr<LedgerStore> ledger;
    try {
      ledger = run_.open_ledger();
    } catch (const std::exception& e) {
      return stop(std::string("cannot open the import ledger: ") + e.what());
    }
    while (true) {
      Line line;
      {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [&] { return !queue_.empty() || done_reading_ || stopped_; });
        if (stopped_ || queue_.empty()) return;
        line = std::move(queue_.front());
        queue_.pop_front();
        space_.notify_one();
      }
      try {
        handle(*ledger, line);
      } catch (const std::exception& e) {
        return stop("line " + std::to_string(line.number) + ": " + e.what());
      }
    }
  }

  void handle(LedgerStore& ledger, const Line& line) {
    ImportRecordPlan plan =
        plan_import_record(endpoint_, line.text, flow_.idempotency_key, scope_credential_);
    if (!plan.error.empty()) {
      CallResult bad;
      bad.verdict = CNX_STATUS_INVALID_INPUT;
      bad.message = plan.error;
      return finish(line, plan.idempotency_key, "failed", &bad, false);
    }
    {
      std::lock_guard lock(mutex_);
      if (!in_progress_.insert(plan.idempotency_key).second) {
        return finish_locked(line, plan.idempotency_key, "skipped", nullptr, false,
                             "the same idempotency key appears on an earlier line", true);
      }
    }
    struct Release {
      ImportWork* self;
      const std::string& key;
      ~Release() {
        std::lock_guard lock(self->mutex_);
        self->in_progress_.erase(key);
      }
    } release{this, plan.idempotency_key};

    const auto previous = ledger.find(scope_, plan.idempotency_key);
    if (previous && previous->status == LedgerStatus::kSucceeded) {
      return finish(line, plan.idempotency_key, "skipped", nullptr, false,
                    "imported by an earlier run");
    }
    // Sent to this target for the first time: say so when another target has it.
    std::string elsewhere;
    if (!previous) {
      if (const auto other = ledger.applied_elsewhere(scope_, plan.idempotency_key)) {
        elsewhere = describe_definition_change(*other, run_.target);
      }
    }
    const bool resent = previous && previous->status == LedgerStatus::kInFlight;
    if (resent && !(endpoint_.import && endpoint_.import->idempotency) && run_.warn) {
      run_.warn("line " + std::to_string(line.number) +
                " was in flight when an earlier run "
                "stopped; sending it again (endpoint " +
                endpoint_.id +
                " takes no idempotency key, so only the remote side knows if it was applied)");
    }
    if (run_.check_still_allowed) {
      // Stopped before the send: the record stays as it was in the ledger, for the next run.
      if (std::string why = run_.check_still_allowed(); !why.empty()) return stop(why);
    }
    ledger.mark_in_flight(scope_, plan.idempotency_key);
    CallResult answer = caller_.call(plan.request);
    const bool succeeded = answer.ok() && !has_item_errors(answer.item_errors_json);
    if (!answer.ok() && stops_the_run(answer.verdict)) {
      // Left "in_flight": whether the remote side applied it is unknown; the next run resends.
      finish_sent(line, plan.idempotency_key, "failed", &answer, resent, elsewhere);
      return stop("line " + std::to_string(line.number) + ": " + endpoint_.id + ": " +
                  answer.describe());
    }
    ledger.record_outcome(scope_, plan.idempotency_key, succeeded, answer.remote_code,
                          succeeded ? std::string() : answer.describe());
    finish_sent(line, plan.idempotency_key, succeeded ? "succeeded" : "failed", &answer, resent,
                elsewhere);
  }

  void finish(const Line& line, const std::string& key, const char* status,
              const CallResult* answer, bool resent, const std::string& note = {}) {
    std::lock_guard lock(mutex_);
    finish_locked(line, key, status, answer, resent, note);
  }

  // A record that was sent. `elsewhere`: what differs from another target the ledger says it
  // was applied to, or empty.
  void finish_sent(const Line& line, const std::string& key, const char* status,
                   const CallResult* answer, bool resent, const std::string& elsewhere) {
    std::lock_guard lock(mutex_);
    if (elsewhere.empty()) return finish_locked(line, key, status, answer, resent);
    ++result_.counters.applied_elsewhere;
    if (first_elsewhere_change_.empty()) first_elsewhere_change_ = elsewhere;
    finish_locked(line, key, status, answer, resent,
                  "applied before to another target of this flow (" + elsewhere + ")");
  }

  void finish_locked(const Line& line, const std::string& key, const char* status,
                     const CallResult* answer, bool resent, const std::string& note = {},
                     bool repeated = false) {
    std::string out;
    jsonw::Writer w(out);
    w.begin_object().field("line", static_cast<int64_t>(line.number)).field("key", key);
    w.field("status", status);
    if (answer != nullptr) {
      if (answer->remote_code != 0) w.field("remote_code", answer->remote_code);
      if (!answer->ok()) w.field("message", answer->describe());
      if (!answer->request_id.empty()) w.field("request_id", answer->request_id);
      if (has_item_errors(answer->item_errors_json)) {
        w.raw_field("item_errors", answer->item_errors_json);
      }
      w.field("attempts", static_cast<int64_t>(answer->attempts));
      result_.counters.requests += static_cast<uint64_t>(answer->attempts);
    }
    if (resent) w.field("resent", true);
    if (!note.empty()) w.field("note", note);
    w.end_object();
    out.push_back('\n');
    results_.append(out);
    const std::string_view s(status);
    if (s == "succeeded") ++result_.counters.succeeded;
    if (s == "failed") {
      ++result_.counters.failed;
      if (run_.failed && answer != nullptr) run_.failed(import_failure(line, key, *answer));
    }
    if (s == "skipped") ++(repeated ? result_.counters.repeated : result_.counters.already_applied);
    // As records finish too, not only as they are read: a short input is read at once, and the
    // live view would then show nothing applied until the run ends.
    report_progress_locked();
  }

  const FlowManifest& flow_;
  const EndpointSpec& endpoint_;
  const std::string& scope_credential_;
  RemoteCaller& caller_;
  const ImportRun& run_;
  LedgerScope scope_;  // set before the workers start; read-only after

  std::mutex mutex_;
  std::condition_variable ready_;
  std::condition_variable space_;
  std::deque<Line> queue_;
  bool done_reading_ = false;
  bool stopped_ = false;
  std::string error_;
  std::string first_elsewhere_change_;  // e.g. `shop "7001" -> "7002"`, for the warning
  std::set<std::string> in_progress_;
  JsonlWriter results_;
  ImportResult result_;
  std::chrono::steady_clock::time_point last_progress_{};
};

}  // namespace

std::string describe_import_counters(const ImportCounters& c) {
  std::string out = std::to_string(c.read) + " records read: " + std::to_string(c.succeeded) +
                    " applied, " + std::to_string(c.already_applied) +
                    " skipped as already applied, " + std::to_string(c.repeated) +
                    " skipped as repeated, " + std::to_string(c.failed) + " failed";
  if (c.read > c.finished()) out += ", " + std::to_string(c.read - c.finished()) + " not attempted";
  return out;
}

ImportResult run_import(const FlowManifest& flow, const EndpointSpec& endpoint,
                        const std::string& scope_credential, RemoteCaller& caller,
                        const ImportRun& run) {
  ImportWork work(flow, endpoint, scope_credential, caller, run);
  return work.run();
}

}  // namespace host::engine
