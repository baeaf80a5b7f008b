// failed_result.hpp: the one way http/ builds a failed result. Its result types carry `error`, a
// sentence that is empty on success; everything else keeps its "failed" default (ok = false, a
// null context, ...).
#pragma once

#include <string>

namespace host::http {

template <typename Result>
Result failed_result(const std::string& message) {
  Result result;
  result.error = message;
  return result;
}

}  // namespace host::http
