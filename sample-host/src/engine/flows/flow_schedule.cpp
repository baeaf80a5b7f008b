// The cron parser: a strict subset of Vixie cron's syntax, every refusal naming its field.
#include "engine/flows/flow_schedule.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <vector>

namespace host::engine {
namespace {

struct CronFieldSpec {
  const char* name;  // "the hour field (2nd)"
  int min;
  int max;
};

constexpr std::array<CronFieldSpec, 5> kCronFields = {{
    {"the minute field (1st)", 0, 59},
    {"the hour field (2nd)", 0, 23},
    {"the day-of-month field (3rd)", 1, 31},
    {"the month field (4th)", 1, 12},
    {"the day-of-week field (5th)", 0, 7},
}};

// The longest each month can be (February in a leap year).
constexpr std::array<int, 13> kMaxDaysInMonth = {0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

std::optional<int> parse_number(std::string_view text) {
  int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

// One field into the values it allows (bit i: value i). Returns "" or the reason it is refused.
std::string parse_field(std::string_view text, const CronFieldSpec& spec, std::bitset<64>& out,
                        bool& any) {
  const std::string at = std::string(spec.name) + ": ";
  any = text == "*" || text == "*/1";
  if (text.find_first_not_of("0123456789*,-/") != std::string_view::npos) {
    return at + "\"" + std::string(text) +
           "\" holds something other than numbers, '*', ',', '-' and '/' (names such as JAN or "
           "MON, and '?', 'L', 'W', '#', are not supported)";
  }
  size_t start = 0;
  while (start <= text.size()) {
    const size_t comma = std::min(text.find(',', start), text.size());
    const std::string_view item = text.substr(start, comma - start);
    start = comma + 1;
    if (item.empty()) return at + "an empty list item";
    std::string_view range = item;
    int step = 1;
    if (const size_t slash = item.find('/'); slash != std::string_view::npos) {
      range = item.substr(0, slash);
      const auto parsed = parse_number(item.substr(slash + 1));
      if (!parsed || *parsed < 1 || *parsed > spec.max) {
        return at + "\"" + std::string(item) + "\": a step must be a number from 1 to " +
               std::to_string(spec.max);
      }
      step = *parsed;
      if (range != "*" && range.find('-') == std::string_view::npos) {
        return at + "\"" + std::string(item) + "\": a step applies to '*' or a range A-B";
      }
    }
    int low = spec.min;
    int high = spec.max;
    if (range != "*") {
      const size_t dash = range.find('-');
      const auto first = parse_number(range.substr(0, dash));
      const auto last =
          dash == std::string_view::npos ? first : parse_number(range.substr(dash + 1));
      if (!first || !last) return at + "\"" + std::string(item) + "\" is not a number or a range";
      for (int value : {*first, *last}) {
        if (value < spec.min || value > spec.max) {
          return at + std::to_string(value) + " is outside " + std::to_string(spec.min) + "-" +
                 std::to_string(spec.max);
        }
      }
      if (*first > *last) {
        return at + "\"" + std::string(range) + "\" runs backwards (write the low end first)";
      }
      low = *first;
      high = *last;
    }
    for (int value = low; value <= high; value += step) out.set(static_cast<size_t>(value));
  }
  return "";
}

template <size_t N>
std::bitset<N> narrow(const std::bitset<64>& bits) {
  std::bitset<N> out;
  for (size_t i = 0; i < N; ++i) out[i] = bits[i];
  return out;
}

}  // namespace

std::optional<CronExpression> parse_cron(std::string_view text, std::string& error) {
  std::vector<std::string_view> fields;
  size_t start = 0;
  while (start < text.size()) {
    const size_t begin = text.find_first_not_of(' ', start);
    if (begin == std::string_view::npos) break;
    const size_t end = std::min(text.find(' ', begin), text.size());
    fields.push_back(text.substr(begin, end - begin));
    start = end;
  }
  if (fields.size() != kCronFields.size()) {
    error = "must have 5 fields (minute hour day-of-month month day-of-week, UTC), not " +
            std::to_string(fields.size());
    if (!text.empty() && text.front() == '@')
      error += " (macros such as @hourly are not supported)";
    return std::nullopt;
  }
  std::array<std::bitset<64>, 5> values{};
  std::array<bool, 5> any{};
  for (size_t i = 0; i < fields.size(); ++i) {
    error = parse_field(fields[i], kCronFields[i], values[i], any[i]);
    if (!error.empty()) return std::nullopt;
  }
  CronExpression cron;
  cron.minutes = narrow<60>(values[0]);
  cron.hours = narrow<24>(values[1]);
  cron.days_of_month = narrow<32>(values[2]);
  cron.months = narrow<13>(values[3]);
  cron.days_of_week = narrow<7>(values[4]);
  if (values[4][7]) cron.days_of_week.set(0);  // 7 is Sunday too
  cron.any_day_of_month = any[2];
  cron.any_day_of_week = any[4];
  // With the day of week unrestricted only the day of month decides: some allowed month must be
  // long enough for some allowed day.
  if (!cron.any_day_of_month && cron.any_day_of_week) {
    size_t first_day = 1;
    while (!cron.days_of_month[first_day]) ++first_day;
    bool fires = false;
    for (size_t month = 1; month <= 12; ++month) {
      fires =
          fires || (cron.months[month] && first_day <= static_cast<size_t>(kMaxDaysInMonth[month]));
    }
    if (!fires) {
      error = std::string(kCronFields[2].name) + ": no month it allows has day " +
              std::to_string(first_day) + ", so the expression never fires";
      return std::nullopt;
    }
  }
  return cron;
}

int64_t shortest_cron_gap_seconds(const CronExpression& cron) {
  std::vector<int64_t> minutes_of_day;
  for (size_t hour = 0; hour < 24; ++hour) {
    if (!cron.hours[hour]) continue;
    for (size_t minute = 0; minute < 60; ++minute) {
      if (cron.minutes[minute]) minutes_of_day.push_back(static_cast<int64_t>(hour * 60 + minute));
    }
  }
  constexpr int64_t kMinutesPerDay = 1440;
  // The gap across midnight counts too: from the last fire of a day to the first of the next.
  int64_t shortest = minutes_of_day.front() + kMinutesPerDay - minutes_of_day.back();
  for (size_t i = 1; i < minutes_of_day.size(); ++i) {
    shortest = std::min(shortest, minutes_of_day[i] - minutes_of_day[i - 1]);
  }
  return shortest * 60;
}

int64_t default_jitter_seconds(const FlowSchedule& schedule) {
  const int64_t interval = schedule.every_seconds > 0 ? schedule.every_seconds
                                                      : shortest_cron_gap_seconds(schedule.cron);
  return std::min(interval / 10, kMaxDefaultJitterSeconds);
}

}  // namespace host::engine
