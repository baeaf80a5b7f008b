// failed_result.hpp: the one way http/ builds a failed result. Its result types carry `error`, a
// sentence that is empty on success; everything else keeps its "failed" default (ok = false, a
// null context, ...).
#pragma once

#include <string>
#include <utility>

namespace host::http {

template <typename Result>
Result failed_result(std::string message) {
  Result result;
  result.error = std::move(message);
  return result;
}

}  // namespace host::http
