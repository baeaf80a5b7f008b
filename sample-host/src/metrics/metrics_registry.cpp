#include "metrics/metrics_registry.hpp"

#include <cmath>
#include <stdexcept>

#include "metrics/text_exposition.hpp"

namespace host::metrics {
namespace {

void append_sample(std::string& out, uint64_t value) {
  out += ' ';
  append_value(out, value);
  out += '\n';
}

void append_sample(std::string& out, double value) {
  out += ' ';
  append_value(out, value);
  out += '\n';
}

void check_definition(std::string_view name, const std::vector<std::string>& label_names,
                      std::string_view type, const std::vector<double>& bounds) {
  const std::string what = std::string(type) + " " + std::string(name);
  if (!is_metric_name(name)) throw std::invalid_argument(what + ": not a metric name");
  if (type == "counter" && !name.ends_with("_total")) {
    throw std::invalid_argument(what + ": a counter's name ends in _total");
  }
  for (const std::string& label : label_names) {
    if (!is_label_name(label)) {
      std::string message = what;
      message += ": bad label name ";
      message += label;
      throw std::invalid_argument(message);
    }
    if (type == "histogram" && label == "le") {
      throw std::invalid_argument(what + ": le is the histogram's own label");
    }
  }
  for (size_t i = 0; i < bounds.size(); ++i) {
    if (!std::isfinite(bounds[i]) || (i > 0 && bounds[i] <= bounds[i - 1])) {
      throw std::invalid_argument(what + ": bucket bounds must be finite and ascending");
    }
  }
}

template <class Series>
constexpr std::string_view type_name() {
  if constexpr (std::is_same_v<Series, Counter>) return "counter";
  if constexpr (std::is_same_v<Series, Gauge>) return "gauge";
  if constexpr (std::is_same_v<Series, Histogram>) return "histogram";
}

}  // namespace

void FamilyBase::render_header(std::string& out, std::string_view type) const {
  out.append("# HELP ").append(name_).append(" ");
  append_help_text(out, help_);
  out.append("\n# TYPE ").append(name_).append(" ").append(type).append("\n");
}

void FamilyBase::render_labels(std::string& out, const std::vector<std::string>& values,
                               std::string_view extra) const {
  if (label_names_.empty() && extra.empty()) return;
  out += '{';
  for (size_t i = 0; i < label_names_.size(); ++i) {
    if (i > 0) out += ',';
    out.append(label_names_[i]).append("=\"");
    append_label_value(out, values[i]);
    out += '"';
  }
  if (!extra.empty()) {
    if (!label_names_.empty()) out += ',';
    out.append(extra);
  }
  out += '}';
}

template <class Series>
Family<Series>::Family(std::string name, std::string help, std::vector<std::string> label_names,
                       std::vector<double> bounds)
    : FamilyBase(std::move(name), std::move(help), std::move(label_names)),
      bounds_(std::move(bounds)) {}

template <class Series>
std::unique_ptr<Series> Family<Series>::make_series() const {
  if constexpr (std::is_same_v<Series, Histogram>) {
    return std::make_unique<Histogram>(bounds_);
  } else {
    return std::make_unique<Series>();
  }
}

template <class Series>
Series& Family<Series>::with(const std::vector<std::string>& values) {
  if (values.size() != label_names().size()) {
    throw std::invalid_argument(name() + ": " + std::to_string(label_names().size()) +
                                " label values expected, got " + std::to_string(values.size()));
  }
  std::lock_guard lock(mutex_);
  auto& slot = series_[values];
  if (!slot) slot = make_series();
  return *slot;
}

template <class Series>
Series& Family<Series>::with(std::initializer_list<std::string_view> values) {
  return with(std::vector<std::string>(values.begin(), values.end()));
}

template <class Series>
void Family<Series>::render(std::string& out) const {
  render_header(out, type_name<Series>());
  std::lock_guard lock(mutex_);
  for (const auto& [values, series] : series_) {
    if constexpr (std::is_same_v<Series, Histogram>) {
      const Histogram::Snapshot snapshot = series->snapshot();
      for (size_t i = 0; i < snapshot.cumulative.size(); ++i) {
        std::string le = "le=\"";
        if (i < bounds_.size()) {
          append_value(le, bounds_[i]);
        } else {
          le += "+Inf";
        }
        le += '"';
        out.append(name()).append("_bucket");
        render_labels(out, values, le);
        append_sample(out, snapshot.cumulative[i]);
      }
      out.append(name()).append("_sum");
      render_labels(out, values);
      append_sample(out, snapshot.sum);
      out.append(name()).append("_count");
      render_labels(out, values);
      append_sample(out, snapshot.count);
    } else {
      out.append(name());
      render_labels(out, values);
      out += ' ';
      append_value(out, series->value());
      out += '\n';
    }
  }
}

template class Family<Counter>;
template class Family<Gauge>;
template class Family<Histogram>;

template <class Series>
Family<Series>& Registry::add(std::string name, std::string help,
                              std::vector<std::string> label_names, std::vector<double> bounds) {
  check_definition(name, label_names, type_name<Series>(), bounds);
  std::lock_guard lock(mutex_);
  for (const auto& family : families_) {
    if (family->name() == name) throw std::invalid_argument(name + ": registered twice");
  }
  const bool unlabelled = label_names.empty();
  auto family = std::make_unique<Family<Series>>(std::move(name), std::move(help),
                                                 std::move(label_names), std::move(bounds));
  Family<Series>& out = *family;
  families_.push_back(std::move(family));
  if (unlabelled) out.with(std::vector<std::string>{});
  return out;
}

CounterFamily& Registry::add_counter(std::string name, std::string help,
                                     std::vector<std::string> label_names) {
  return add<Counter>(std::move(name), std::move(help), std::move(label_names), {});
}

GaugeFamily& Registry::add_gauge(std::string name, std::string help,
                                 std::vector<std::string> label_names) {
  return add<Gauge>(std::move(name), std::move(help), std::move(label_names), {});
}

HistogramFamily& Registry::add_histogram(std::string name, std::string help,
                                         std::vector<std::string> label_names,
                                         std::vector<double> bounds) {
  return add<Histogram>(std::move(name), std::move(help), std::move(label_names),
                        std::move(bounds));
}

std::string Registry::render() const {
  std::string out;
  std::lock_guard lock(mutex_);
  for (const auto& family : families_) family->render(out);
  return out;
}

}  // namespace host::metrics
