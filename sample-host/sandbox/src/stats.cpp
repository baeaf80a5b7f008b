// stats.cpp: counting what the sandbox did, and showing it as JSON or one line.
#include <charconv>

#include <json_writer/json_writer.hpp>

#include "sandbox_counters.hpp"

namespace sandbox {
namespace {

template <typename Map>
void write_counts(jsonw::Writer& w, std::string_view name, const Map& counts) {
  w.key(name).begin_object();
  for (const auto& [k, v] : counts) {
    if constexpr (std::is_integral_v<typename Map::key_type>) {
      w.field(std::to_string(k), v);
    } else {
      w.field(k, v);
    }
  }
  w.end_object();
}

template <typename Map>
std::uint64_t total(const Map& counts) {
  std::uint64_t sum = 0;
  for (const auto& kv : counts) sum += kv.second;
  return sum;
}

}  // namespace

std::string SandboxStats::to_json() const {
  std::string out;
  jsonw::Writer w(out);
  w.begin_object();
  w.field("requests_total", requests_total).field("requests_ok", requests_ok);
  write_counts(w, "rejected_by_code", rejected_by_code);
  write_counts(w, "faults_by_kind", faults_by_kind);
  write_counts(w, "requests_by_endpoint", requests_by_endpoint);
  w.field("fault_draws", fault_draws);
  write_counts(w, "writes_by_idempotency_key", writes_by_idempotency_key);
  write_counts(w, "writes_by_target", writes_by_target);
  write_counts(w, "writes_changed_by_target", writes_changed_by_target);
  w.field("idempotent_replays", idempotent_replays);
  w.key("webhooks").begin_object().field("events", webhooks.events);
  w.field("attempts", webhooks.attempts).field("acknowledged", webhooks.acknowledged);
  w.field("retries", webhooks.retries).field("given_up", webhooks.given_up);
  w.field("pending", webhooks.pending).end_object();
  w.key("shops").begin_object();
  for (const auto& [id, counts] : shops) {
    char limit[32];
    const auto printed = std::to_chars(limit, limit + sizeof limit, counts.rate_limit_per_second);
    w.key(id).begin_object().field("seller", counts.seller);
    w.raw_field("rate_limit_per_second", std::string_view(limit, printed.ptr));
    w.field("requests", counts.requests).field("ok", counts.ok);
    w.field("rate_limited", counts.rate_limited);
    write_counts(w, "requests_by_endpoint", counts.requests_by_endpoint);
    write_counts(w, "rate_limited_by_endpoint", counts.rate_limited_by_endpoint);
    w.end_object();
  }
  w.end_object();
  w.end_object();
  return out;
}

std::string SandboxStats::summary_line() const {
  std::string line = "sandbox stats: requests=" + std::to_string(requests_total) +
                     " ok=" + std::to_string(requests_ok) +
                     " rejected=" + std::to_string(total(rejected_by_code)) +
                     " faults=" + std::to_string(total(faults_by_kind)) +
                     " writes=" + std::to_string(total(writes_by_target)) +
                     " writes_changed=" + std::to_string(total(writes_changed_by_target)) +
                     " replays=" + std::to_string(idempotent_replays) +
                     " webhooks=" + std::to_string(webhooks.events) +
                     " webhook_attempts=" + std::to_string(webhooks.attempts) +
                     " webhook_acked=" + std::to_string(webhooks.acknowledged) +
                     " webhook_retries=" + std::to_string(webhooks.retries) +
                     " webhook_given_up=" + std::to_string(webhooks.given_up);
  for (const auto& [code, n] : rejected_by_code)
    line += " code" + std::to_string(code) + "=" + std::to_string(n);
  for (const auto& [kind, n] : faults_by_kind) line += " " + kind + "=" + std::to_string(n);
  return line;
}

void SandboxCounters::record_answer(std::int64_t code, std::string_view endpoint,
                                    const ShopCall& shop) {
  std::lock_guard lock(mutex_);
  ++stats_.requests_total;
  if (!endpoint.empty()) ++stats_.requests_by_endpoint[std::string(endpoint)];
  if (code == 0) {
    ++stats_.requests_ok;
  } else {
    ++stats_.rejected_by_code[code];
  }
  if (shop.shop_id.empty()) return;
  ShopRequestStats& counts = stats_.shops[shop.shop_id];
  ++counts.requests;
  if (code == 0) ++counts.ok;
  ++counts.requests_by_endpoint[std::string(endpoint)];
  if (shop.rate_limited) {
    ++counts.rate_limited;
    ++counts.rate_limited_by_endpoint[std::string(endpoint)];
  }
}

void SandboxCounters::record_fault_draw(const std::string& kind) {
  std::lock_guard lock(mutex_);
  ++stats_.fault_draws;
  if (kind != "none") ++stats_.faults_by_kind[kind];
}

void SandboxCounters::record_fault(const std::string& kind) {
  std::lock_guard lock(mutex_);
  ++stats_.faults_by_kind[kind];
}

void SandboxCounters::record_writes(const std::vector<AppliedWrite>& writes,
                                    const std::string& key) {
  if (writes.empty()) return;
  std::lock_guard lock(mutex_);
  for (const auto& write : writes) {
    ++stats_.writes_by_target[write.target];
    if (write.changed_state) ++stats_.writes_changed_by_target[write.target];
  }
  if (!key.empty()) ++stats_.writes_by_idempotency_key[key];
}

void SandboxCounters::record_replay() {
  std::lock_guard lock(mutex_);
  ++stats_.idempotent_replays;
}

SandboxStats SandboxCounters::snapshot() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

}  // namespace sandbox
