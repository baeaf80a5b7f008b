#include "text_codec/utc_time.hpp"

#include <ctime>

namespace textcodec {

std::string utc_text(int64_t unix_seconds, UtcForm form) {
  const char* format = "%Y-%m-%dT%H:%M:%SZ";
  if (form == UtcForm::kSeconds) format = "%Y-%m-%d %H:%M:%S UTC";
  if (form == UtcForm::kMinutes) format = "%Y-%m-%d %H:%M UTC";
  const auto seconds = static_cast<std::time_t>(unix_seconds);
  std::tm parts{};
  if (gmtime_r(&seconds, &parts) == nullptr) {
    const std::time_t epoch = 0;
    gmtime_r(&epoch, &parts);
  }
  char text[48];
  const size_t length = std::strftime(text, sizeof text, format, &parts);
  return std::string(text, length);
}

}  // namespace textcodec
