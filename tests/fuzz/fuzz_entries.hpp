// fuzz_entries.hpp: the logic of each libFuzzer target as a plain function, so that the normal
// build can run the same code over fixed nasty inputs (fuzz_regression_tests:
// connector_fuzz_regression_test.cpp and fuzz_regression_runner.cpp). Each drives the connector
// through its C ABI (cnx_connector_get_api linked in statically) and
// aborts when an invariant breaks (a span outside the body, a missing output, a leaked secret).
#pragma once

#include <cstddef>
#include <cstdint>

namespace tts::fuzz {

int fuzz_connection_config(const uint8_t* data, size_t size);
int fuzz_token_response(const uint8_t* data, size_t size);
int fuzz_classify_response(const uint8_t* data, size_t size);
int fuzz_callback_query(const uint8_t* data, size_t size);
int fuzz_webhook(const uint8_t* data, size_t size);

}  // namespace tts::fuzz
