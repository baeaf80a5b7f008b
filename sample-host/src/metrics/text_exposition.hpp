// text_exposition.hpp: the pieces of Prometheus's text exposition format, version 0.0.4, that
// the registry renders with.
//
// The format, as prometheus/docs content/docs/instrumenting/exposition_formats.md states it
// ("Format version 0.0.4", "Text format details"):
//  - UTF-8 lines, each ended by "\n" (the last one too); Content-Type `text/plain; version=0.0.4`;
//  - per metric "# HELP name docstring" (backslash and line feed escaped as \\ and \n) and
//    "# TYPE name counter|gauge|histogram|summary|untyped", before its samples, each metric's
//    lines one uninterrupted group;
//  - a sample is `name{label="value",...} value`; a label value escapes backslash, double quote
//    and line feed as \\, \" and \n; the value is a float as Go's strconv.ParseFloat reads it
//    (NaN, +Inf and -Inf included);
//  - a histogram `x` has `x_bucket{le="bound"}` lines in increasing order of le, cumulative,
//    ending with le="+Inf" whose value equals `x_count`, and `x_sum`.
// Metric names match [a-zA-Z_:][a-zA-Z0-9_:]*, label names [a-zA-Z_][a-zA-Z0-9_]* (names that
// begin with __ are Prometheus's own). Naming, from prometheus.io/docs/practices/naming: an
// accumulating count ends in `_total`; durations are in seconds (`_seconds`).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace host::metrics {

// The Content-Type of a text exposition.
inline constexpr std::string_view kTextContentType = "text/plain; version=0.0.4; charset=utf-8";

bool is_metric_name(std::string_view name);
bool is_label_name(std::string_view name);  // false for the reserved __ prefix too

// Appends `text` as a HELP docstring: \ -> \\, line feed -> \n.
void append_help_text(std::string& out, std::string_view text);

// Appends `value` as a label value between its quotes: \ -> \\, " -> \", line feed -> \n.
void append_label_value(std::string& out, std::string_view value);

// Appends a sample value: the shortest text that reads back as the same double; NaN, +Inf, -Inf.
void append_value(std::string& out, double value);
void append_value(std::string& out, uint64_t value);
void append_value(std::string& out, int64_t value);

}  // namespace host::metrics
