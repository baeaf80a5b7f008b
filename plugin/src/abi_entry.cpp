// abi_entry.cpp: the C ABI glue. Every entry point is noexcept, catches everything and maps it to
// CNX_STATUS_INTERNAL; no C++ exception or type crosses the boundary. The only exported symbol is
// cnx_connector_get_api (see plugin/exports.map).
#include <connector_abi/connector_abi.h>

#include <algorithm>
#include <cstring>
#include <initializer_list>
#include <memory>
#include <new>

#include "abi_outputs.hpp"
#include "auth_hooks.hpp"
#include "connection.hpp"
#include "describe_document.hpp"
#include "kv_lookup.hpp"
#include "output_arena.hpp"
#include "request_signer.hpp"
#include "response_classifier.hpp"
#include "token_response.hpp"
#include "webhook_verifier.hpp"

namespace {

using tts::Failure;

const tts::Connection* impl(const cnx_connection* connection) {
  return reinterpret_cast<const tts::Connection*>(connection);
}

cnx_status report(cnx_status status, const char* message, cnx_error** error) noexcept {
  if (error != nullptr) {
    try {
      *error = tts::make_error(tts::fail(status, message));
    } catch (...) {
      *error = nullptr;
    }
  }
  return status;
}

cnx_status report(const Failure& failure, cnx_error** error) noexcept {
  if (error != nullptr) *error = tts::make_error(failure);
  return failure.status;
}

// Runs `body` with the ABI's error discipline: *error cleared first, exceptions become INTERNAL.
template <typename Body>
cnx_status guarded(cnx_error** error, Body&& body) noexcept {
  if (error != nullptr) *error = nullptr;
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return report(CNX_STATUS_INTERNAL, "The TikTok Shop connector ran out of memory.", error);
  } catch (...) {
    return report(CNX_STATUS_INTERNAL, "The TikTok Shop connector failed internally.", error);
  }
}

bool valid_str(cnx_str s) { return s.len == 0 || s.data != nullptr; }

bool valid_kvs(const cnx_kv* list, size_t count) {
  if (count > 0 && list == nullptr) return false;
  for (size_t i = 0; i < count; ++i) {
    if (!valid_str(list[i].key) || !valid_str(list[i].value)) return false;
  }
  return true;
}

// A full-size copy of a caller struct that may come from an older, shorter ABI minor.
template <typename T>
T normalized(const T* in) {
  T copy{};
  std::memcpy(&copy, in, std::min(in->struct_size, sizeof(T)));
  copy.struct_size = sizeof(T);
  return copy;
}

constexpr const char* kNullArgument = "A required argument is NULL.";
constexpr const char* kBadArgument = "A string or list argument has a NULL pointer with a length.";

// One entry point's frame: guarded(), INVALID_INPUT when `out` or any `required` pointer is NULL,
// else *out cleared before `body` runs, so a failure never leaves the caller a stale pointer.
template <typename Out, typename Body>
cnx_status entry(cnx_error** error, Out** out, std::initializer_list<const void*> required,
                 Body&& body) noexcept {
  return guarded(error, [&] {
    if (out == nullptr || std::find(required.begin(), required.end(), nullptr) != required.end()) {
      return report(CNX_STATUS_INVALID_INPUT, kNullArgument, error);
    }
    *out = nullptr;
    return body();
  });
}

cnx_status bad_argument(cnx_error** error) {
  return report(CNX_STATUS_INVALID_INPUT, kBadArgument, error);
}

// Hands `result` to the caller: its value, through `make`, in *out, or its failure in *error.
template <typename T, typename Out, typename Make>
cnx_status deliver(tts::Result<T>& result, Out** out, cnx_error** error, Make&& make) {
  if (!result.ok()) return report(result.failure(), error);
  *out = make(result.value());
  return CNX_STATUS_OK;
}

cnx_status describe(cnx_buffer** out, cnx_error** error) noexcept {
  return entry(error, out, {}, [&] {
    *out = tts::make_buffer(tts::describe_document());
    return CNX_STATUS_OK;
  });
}

cnx_status connection_open(const cnx_host_services* host, cnx_str config_json, cnx_connection** out,
                           cnx_error** error) noexcept {
  return entry(error, out, {}, [&] {
    if (!valid_str(config_json)) return bad_argument(error);
    auto opened = tts::Connection::open(host, tts::view(config_json));
    return deliver(opened, out, error, [](std::unique_ptr<tts::Connection>& connection) {
      return reinterpret_cast<cnx_connection*>(connection.release());
    });
  });
}

void connection_close(cnx_connection* connection) noexcept {
  delete reinterpret_cast<tts::Connection*>(connection);
}

cnx_status connection_describe(const cnx_connection* connection, cnx_buffer** out,
                               cnx_error** error) noexcept {
  return entry(error, out, {connection}, [&] {
    *out = tts::make_buffer(tts::connection_describe_document(*impl(connection)));
    return CNX_STATUS_OK;
  });
}

cnx_status authorize_url(const cnx_connection* connection, cnx_str state, cnx_buffer** out,
                         cnx_error** error) noexcept {
  return entry(error, out, {connection}, [&] {
    if (!valid_str(state)) return bad_argument(error);
    *out = tts::make_buffer(tts::authorize_url(*impl(connection), tts::view(state)));
    return CNX_STATUS_OK;
  });
}

cnx_status parse_callback(const cnx_connection* connection, cnx_str query,
                          cnx_callback_result** out, cnx_error** error) noexcept {
  return entry(error, out, {connection}, [&] {
    if (!valid_str(query)) return bad_argument(error);
    auto parsed = tts::parse_callback_query(tts::view(query));
    return deliver(parsed, out, error, tts::make_callback_result);
  });
}

cnx_status token_request(const cnx_connection* connection, cnx_token_grant grant,
                         cnx_str credential, cnx_http_request** out, cnx_error** error) noexcept {
  return entry(error, out, {connection}, [&] {
    if (!valid_str(credential)) return bad_argument(error);
    auto built = tts::build_token_request(*impl(connection), grant, tts::view(credential));
    return deliver(built, out, error, [](const tts::TokenRequest& request) {
      return tts::make_http_request("GET", request.url.view(), {}, {});
    });
  });
}

cnx_status parse_token_response(const cnx_connection* connection, int32_t http_status, cnx_str body,
                                cnx_token_set** out, cnx_error** error) noexcept {
  return entry(error, out, {connection}, [&] {
    if (!valid_str(body)) return bad_argument(error);
    auto parsed = tts::parse_token_response(http_status, tts::view(body));
    return deliver(parsed, out, error, tts::make_token_set);
  });
}

cnx_status sign_request(const cnx_connection* connection, const cnx_request* request,
                        cnx_http_request** out, cnx_error** error) noexcept {
  return entry(error, out, {connection, request}, [&] {
    const cnx_request r = normalized(request);
    if (!valid_str(r.endpoint) || !valid_str(r.method) || !valid_str(r.url) || !valid_str(r.body) ||
        !valid_str(r.content_type) || !valid_str(r.access_token) ||
        !valid_str(r.scope_credential) || !valid_kvs(r.path_params, r.path_param_count) ||
        !valid_kvs(r.query, r.query_count) || !valid_kvs(r.headers, r.header_count)) {
      return bad_argument(error);
    }
    auto signed_request = tts::sign_request(*impl(connection), r);
    return deliver(signed_request, out, error, [](const tts::SignedRequestView& view) {
      return tts::make_http_request(view.method, view.url, view.headers, {});
    });
  });
}

cnx_status classify_response(const cnx_connection* connection, const cnx_response* response,
                             cnx_classification** out, cnx_error** error) noexcept {
  return entry(error, out, {connection, response}, [&] {
    const cnx_response r = normalized(response);
    if (!valid_str(r.endpoint) || !valid_str(r.body) || !valid_kvs(r.headers, r.header_count)) {
      return bad_argument(error);
    }
    const tts::EndpointSpec* endpoint = nullptr;
    if (r.endpoint.len > 0) {
      endpoint = tts::find_endpoint(tts::view(r.endpoint));
      if (endpoint == nullptr) {
        return report(CNX_STATUS_INVALID_INPUT, "Unknown endpoint id for classify_response.",
                      error);
      }
    }
    *out = tts::make_classification(tts::classify_response(endpoint, r));
    return CNX_STATUS_OK;
  });
}

cnx_status verify_webhook(const cnx_connection* connection, const cnx_kv* headers,
                          size_t header_count, cnx_str body, cnx_webhook_event** out,
                          cnx_error** error) noexcept {
  return entry(error, out, {connection}, [&] {
    if (!valid_str(body) || !valid_kvs(headers, header_count)) return bad_argument(error);
    auto event = tts::verify_webhook(*impl(connection), headers, header_count, tts::view(body));
    return deliver(event, out, error, tts::make_webhook_event);
  });
}

template <typename T>
void free_output(T* output) noexcept {
  tts::OutputArena::free(output);
}

constexpr cnx_connector_api kApi = {
    sizeof(cnx_connector_api),
    CNX_ABI_MAJOR,
    CNX_ABI_MINOR,
    tts::kConnectorId,
    tts::kConnectorVersion,
    describe,
    connection_open,
    connection_close,
    connection_describe,
    authorize_url,
    parse_callback,
    token_request,
    parse_token_response,
    sign_request,
    classify_response,
    verify_webhook,
    free_output<cnx_error>,
    free_output<cnx_buffer>,
    free_output<cnx_callback_result>,
    free_output<cnx_token_set>,
    free_output<cnx_http_request>,
    free_output<cnx_classification>,
    free_output<cnx_webhook_event>,
};

}  // namespace

extern "C" CNX_EXPORT const cnx_connector_api* cnx_connector_get_api(uint32_t host_abi_major) {
  return host_abi_major == CNX_ABI_MAJOR ? &kApi : nullptr;
}
