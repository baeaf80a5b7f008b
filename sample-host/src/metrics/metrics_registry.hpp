// metrics_registry.hpp: metric families (a name, a help text, label names, and one series per
// set of label values) and the registry that renders them all in Prometheus's text format
// (text_exposition.hpp says which rules it follows).
//
// Label values are resolved once: Family::with() finds or makes the series under a lock and
// returns a reference that stays valid as long as the registry; callers keep it and increment
// it lock-free. Label values must come from a bounded set (catalog endpoint ids, outcome names):
// every distinct value is a series kept for the life of the process.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "metrics/metric_series.hpp"

namespace host::metrics {

// The part of a family the registry renders. THREADING: render() may run while series are
// made and incremented.
class FamilyBase {
 public:
  FamilyBase(std::string name, std::string help, std::vector<std::string> label_names)
      : name_(std::move(name)), help_(std::move(help)), label_names_(std::move(label_names)) {}
  virtual ~FamilyBase() = default;
  FamilyBase(const FamilyBase&) = delete;
  FamilyBase& operator=(const FamilyBase&) = delete;

  const std::string& name() const { return name_; }
  const std::vector<std::string>& label_names() const { return label_names_; }

  // Appends the family's HELP and TYPE lines and its samples, series in order of label values.
  virtual void render(std::string& out) const = 0;

 protected:
  void render_header(std::string& out, std::string_view type) const;
  // Appends `{name="value",...` for the family's labels and `values`, and `extra` (e.g. le="1")
  // as a last label, closing with '}'; nothing when there are no labels at all.
  void render_labels(std::string& out, const std::vector<std::string>& values,
                     std::string_view extra = {}) const;

 private:
  std::string name_;
  std::string help_;
  std::vector<std::string> label_names_;
};

// One metric family of series of type Series (Counter, Gauge or Histogram).
template <class Series>
class Family final : public FamilyBase {
 public:
  // `bounds`: a histogram's bucket bounds; empty for counters and gauges.
  Family(std::string name, std::string help, std::vector<std::string> label_names,
         std::vector<double> bounds = {});

  // The series of these label values (one per label name, in order), made on first use.
  // ERRORS: std::invalid_argument when the number of values is not the number of labels.
  // THREADING: any thread; takes a lock: resolve once and keep the reference.
  Series& with(std::initializer_list<std::string_view> values);
  Series& with(const std::vector<std::string>& values);

  void render(std::string& out) const override;

 private:
  std::unique_ptr<Series> make_series() const;

  std::vector<double> bounds_;
  mutable std::mutex mutex_;
  std::map<std::vector<std::string>, std::unique_ptr<Series>> series_;  // guarded by mutex_
};

using CounterFamily = Family<Counter>;
using GaugeFamily = Family<Gauge>;
using HistogramFamily = Family<Histogram>;

// The families of one process or one test. ERRORS: each add_* throws std::invalid_argument for
// a name or label name the format refuses, a name registered before, a counter whose name does
// not end in _total, a histogram label named le, or bounds not finite and strictly ascending.
// A family without labels gets its one series at once, so that it shows as 0 before it moves.
// THREADING: any thread.
class Registry {
 public:
  CounterFamily& add_counter(std::string name, std::string help,
                             std::vector<std::string> label_names = {});
  GaugeFamily& add_gauge(std::string name, std::string help,
                         std::vector<std::string> label_names = {});
  HistogramFamily& add_histogram(std::string name, std::string help,
                                 std::vector<std::string> label_names, std::vector<double> bounds);

  // Every family in the order it was added, as one text exposition (0.0.4).
  std::string render() const;

 private:
  template <class Series>
  Family<Series>& add(std::string name, std::string help, std::vector<std::string> label_names,
                      std::vector<double> bounds);

  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<FamilyBase>> families_;  // guarded by mutex_
};

}  // namespace host::metrics
