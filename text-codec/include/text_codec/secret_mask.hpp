// secret_mask.hpp: what a secret looks like wherever it is printed.
//
// One fixed string whatever the secret's length, so that output reveals neither the value nor how
// long it is. Tests search outputs for it, so every printer uses this constant.
#pragma once

#include <string_view>

namespace textcodec {

inline constexpr std::string_view kSecretMask = "********";

}  // namespace textcodec
