// metric_series.hpp: the three kinds of series the host exposes (counter, gauge, histogram with
// fixed buckets), each one set of label values of a metric family (metrics_registry.hpp).
//
// The hot path is a relaxed atomic add: a series is found once (Family::with) and kept, so an
// increment never looks up labels, allocates or locks. THREADING: every member may be called
// from any thread at once.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace host::metrics {

// A count that only goes up (Prometheus "counter").
class Counter {
 public:
  void inc(uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

// A value that goes up and down, e.g. runs in progress (Prometheus "gauge").
class Gauge {
 public:
  void add(int64_t n) { value_.fetch_add(n, std::memory_order_relaxed); }
  void set(int64_t n) { value_.store(n, std::memory_order_relaxed); }
  int64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<int64_t> value_{0};
};

// Observations counted into fixed buckets (Prometheus "histogram"): bucket i holds the values
// v <= bounds[i] above bounds[i-1]; a last bucket holds those above every bound (le="+Inf").
class Histogram {
 public:
  // REQUIRES: `bounds` finite and strictly ascending (the registry checks it).
  explicit Histogram(std::vector<double> bounds);

  // Counts `value` into its bucket and adds it to the sum. A NaN is not counted.
  void observe(double value);

  // What the text format shows: per bound and then +Inf, the number of values <= it
  // (cumulative, so never decreasing), their sum and their count (= the +Inf bucket). Read
  // while others observe, the sum may lag the buckets by the observations in flight.
  struct Snapshot {
    std::vector<uint64_t> cumulative;  // bounds().size() + 1 entries
    double sum = 0;
    uint64_t count = 0;
  };
  Snapshot snapshot() const;

  const std::vector<double>& bounds() const { return bounds_; }

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> buckets_;  // bounds_.size() + 1, not cumulative
  std::atomic<double> sum_{0};
};

}  // namespace host::metrics
