// host_webhook_fuzz_entry.hpp: the webhook delivery handler's fuzz logic as a plain function, so
// the normal build runs it over the seeds and the regression inputs (fuzz_regression_tests,
// fuzz_regression_runner.cpp) and the clang build runs it under libFuzzer (fuzz_webhook_delivery).
//
// Input format (what the seeds in tests/fuzz/seeds/fuzz_webhook_delivery hold):
//   METHOD\n TARGET\n (NAME:VALUE\n)* \n BODY
// A header whose value is exactly "{sign}" is replaced by the correct signature of BODY, so the
// fuzzer reaches the envelope reading and the inbox even after it mutates a signed body.
//
// The request goes through the real DeliveryHandler, the real connector's verify_webhook (linked
// in) and a real SQLite inbox in a per-process temp directory. It aborts when a promise breaks:
//  - a 200 for anything but a POST to the delivery path whose first Authorization header is the
//    correct HMAC-SHA256(app secret, app key + body) (trimmed of spaces and tabs, any case);
//  - an inbox row added without a 200 "stored" answer, or a "stored" answer without exactly one
//    new row holding the body as received and the event id the answer names;
//  - a status other than 200, 401, 404 or 405 (500 means the connector failed on hostile input
//    in a way it does not declare; 503 means the temp inbox failed).
#pragma once

#include <cstddef>
#include <cstdint>

namespace host_fuzz {

// THREADING: one thread (the harness state is process-wide). Returns 0; aborts on a broken
// promise.
int fuzz_webhook_delivery(const uint8_t* data, size_t size);

// fuzz_webhook_delivery's work, returning the HTTP status the handler answered (so tests can prove
// that an input reaches the path they mean). Same threading and aborts.
int run_webhook_delivery(const uint8_t* data, size_t size);

}  // namespace host_fuzz
