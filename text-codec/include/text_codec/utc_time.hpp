// utc_time.hpp: a Unix time as UTC text, in the forms the host prints.
//
// THREADING: pure functions (gmtime_r, no shared state).
#pragma once

#include <cstdint>
#include <string>

namespace textcodec {

enum class UtcForm {
  kIso8601,  // "2026-12-01T12:34:56Z": machine-readable (run history, Singer state)
  kSeconds,  // "2026-12-01 12:34:56 UTC": for people, to the second
  kMinutes,  // "2026-12-01 12:34 UTC": for people, when seconds do not matter
};

// `unix_seconds` in `form`; a time outside what the C library can break down prints as the form
// of the Unix epoch rather than failing (the host prints times, it never parses them back).
std::string utc_text(int64_t unix_seconds, UtcForm form);

}  // namespace textcodec
