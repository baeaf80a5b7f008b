// host_fuzz_entries.hpp: the logic of each host-parser libFuzzer target as a plain function, so
// that the normal build runs the same code over fixed nasty inputs (fuzz_regression_tests:
// host_fuzz_regression_test.cpp and fuzz_regression_runner.cpp).
// Each feeds bytes to one host parser the way the host meets them (a manifest file, the
// connector's describe document, a page response through the connector and the engine's record
// handling) and aborts when a promise breaks: an exception type the parser does not declare, an
// error that does not name the file, a record span outside the body.
#pragma once

#include <cstddef>
#include <cstdint>

namespace host_fuzz {

int fuzz_flow_manifest(const uint8_t* data, size_t size);
int fuzz_flow_catalog(const uint8_t* data, size_t size);
int fuzz_connection_manifest(const uint8_t* data, size_t size);
int fuzz_oauth_client_manifest(const uint8_t* data, size_t size);
int fuzz_connector_manifest(const uint8_t* data, size_t size);
int fuzz_page_response(const uint8_t* data, size_t size);

}  // namespace host_fuzz
