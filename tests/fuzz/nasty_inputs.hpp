// nasty_inputs.hpp: fixed hostile inputs for the fuzz entries, run by fuzz_regression_runner.cpp
// through every target of their side (the connector's, the host parsers').
#pragma once

#include <string>
#include <vector>

namespace fuzz_regression {

// What every target with nasty inputs gets first, whatever its side: nothing, and one NUL byte.
inline const std::vector<std::string>& common_nasty_inputs() {
  static const std::vector<std::string> inputs = {"", std::string(1, '\0')};
  return inputs;
}

const std::vector<std::string>& connector_nasty_inputs();  // connector_nasty_inputs.cpp
const std::vector<std::string>& host_nasty_inputs();       // host_fuzz_regression_test.cpp

}  // namespace fuzz_regression
