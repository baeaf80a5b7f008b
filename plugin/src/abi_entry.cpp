// abi_entry.cpp: the C ABI glue. Every entry point is noexcept, catches everything and maps it to
// CNX_STATUS_INTERNAL; no C++ exception or type crosses the boundary. The only exported symbol is
// cnx_connector_get_api (see plugin/exports.map).
#include <connector_abi/connector_abi.h>

#include <algorithm>
#include <cstring>
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

const tts::Connection* Impl(const cnx_connection* connection) {
  return reinterpret_cast<const tts::Connection*>(connection);
}

cnx_status Report(cnx_status status, const char* message, cnx_error** error) noexcept {
  if (error != nullptr) {
    try {
      *error = tts::MakeError(tts::Fail(status, message));
    } catch (...) {
      *error = nullptr;
    }
  }
  return status;
}

cnx_status Report(const Failure& failure, cnx_error** error) noexcept {
  if (error != nullptr) *error = tts::MakeError(failure);
  return failure.status;
}

// Runs `body` with the ABI's error discipline: *error cleared first, exceptions become INTERNAL.
template <typename Body>
cnx_status Guarded(cnx_error** error, Body&& body) noexcept {
  if (error != nullptr) *error = nullptr;
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return Report(CNX_STATUS_INTERNAL, "The TikTok Shop connector ran out of memory.", error);
  } catch (...) {
    return Report(CNX_STATUS_INTERNAL, "The TikTok Shop connector failed internally.", error);
  }
}

bool ValidStr(cnx_str s) { return s.len == 0 || s.data != nullptr; }

bool ValidKvs(const cnx_kv* list, size_t count) {
  if (count > 0 && list == nullptr) return false;
  for (size_t i = 0; i < count; ++i) {
    if (!ValidStr(list[i].key) || !ValidStr(list[i].value)) return false;
  }
  return true;
}

// A full-size copy of a caller struct that may come from an older, shorter ABI minor.
template <typename T>
T Normalized(const T* in) {
  T copy{};
  std::memcpy(&copy, in, std::min(in->struct_size, sizeof(T)));
  copy.struct_size = sizeof(T);
  return copy;
}

constexpr const char* kNullArgument = "A required argument is NULL.";
constexpr const char* kBadArgument = "A string or list argument has a NULL pointer with a length.";

cnx_status Describe(cnx_buffer** out, cnx_error** error) noexcept {
  return Guarded(error, [&] {
    if (out == nullptr) return Report(CNX_STATUS_INVALID_INPUT, kNullArgument, error);
    *out = tts::MakeBuffer(tts::DescribeDocument());
    return CNX_STATUS_OK;
  });
}

cnx_status ConnectionOpen(const cnx_host_services* host, cnx_str config_json,
                          cnx_connection** out, cnx_error** error) noexcept {
  return Guarded(error, [&] {
    if (out == nullptr) return Report(CNX_STATUS_INVALID_INPUT, kNullArgument, error);
    *out = nullptr;
    if (!ValidStr(config_json)) return Report(CNX_STATUS_INVALID_INPUT, kBadArgument, error);
    auto opened = tts::Connection::Open(host, tts::View(config_json));
    if (!opened.ok()) return Report(opened.failure(), error);
    *out = reinterpret_cast<cnx_connection*>(opened.value().release());
    return CNX_STATUS_OK;
  });
}

void ConnectionClose(cnx_connection* connection) noexcept {
  delete reinterpret_cast<tts::Connection*>(connection);
}

cnx_status ConnectionDescribe(const cnx_connection* connection, cnx_buffer** out,
                              cnx_error** error) noexcept {
  return Guarded(error, [&] {
    if (connection == nullptr || out == nullptr) {
      return Report(CNX_STATUS_INVALID_INPUT, kNullArgument, error);
    }
    *out = tts::MakeBuffer(tts::ConnectionDescribeDocument(*Impl(connection)));
    return CNX_STATUS_OK;
  });
}

cnx_status AuthorizeUrl(const cnx_connection* connection, cnx_str state, cnx_buffer** out,
                        cnx_error** error) noexcept {
  return Guarded(error, [&] {
    if (connection == nullptr || out == nullptr) {
      return Report(CNX_STATUS_INVALID_INPUT, kNullArgument, error);
    }
    if (!ValidStr(state)) return Report(CNX_STATUS_INVALID_INPUT, kBadArgument, error);
    *out = tts::MakeBuffer(tts::AuthorizeUrl(*Impl(connection), tts::View(state)));
    return CNX_STATUS_OK;
  });
}

cnx_status ParseCallback(const cnx_connection* connection, cnx_str query,
                         cnx_callback_result** out, cnx_error** error) noexcept {
  return Guarded(error, [&] {
    if (connection == nullptr || out == nullptr) {
      return Report(CNX_STATUS_INVALID_INPUT, kNullArgument, error);
    }
    *out = nullptr;
    if (!ValidStr(query)) return Report(CNX_STATUS_INVALID_INPUT, kBadArgument, error);
    auto parsed = tts::ParseCallbackQuery(tts::View(query));
    if (!parsed.ok()) return Report(parsed.failure(), error);
    *out = tts::MakeCallbackResult(parsed.value());
    return CNX_STATUS_OK;
  });
}

cnx_status TokenRequest(const cnx_connection* connection, cnx_token_grant grant,
                        cnx_str credential, cnx_http_request** out, cnx_error** error) noexcept {
  return Guarded(error, [&] {
    if (connection == nullptr || out == nullptr) {
      return Report(CNX_STATUS_INVALID_INPUT, kNullArgument, error);
    }
    *out = nullptr;
    if (!ValidStr(credential)) return Report(CNX_STATUS_INVALID_INPUT, kBadArgument, error);
    auto built = tts::BuildTokenRequest(*Impl(connection), grant, tts::View(credential));
    if (!built.ok()) return Report(built.failure(), error);
    *out = tts::MakeHttpRequest("GET", built.value().url.view(), {}, {});
    return CNX_STATUS_OK;
  });
}

cnx_status ParseTokenResponse(const cnx_connection* connection, int32_t http_status, cnx_str body,
                              cnx_token_set** out, cnx_error** error) noexcept {
  return Guarded(error, [&] {
    if (connection == nullptr || out == nullptr) {
      return Report(CNX_STATUS_INVALID_INPUT, kNullArgument, error);
    }
    *out = nullptr;
    if (!ValidStr(body)) return Report(CNX_STATUS_INVALID_INPUT, kBadArgument, error);
    auto parsed = tts::ParseTokenResponse(http_status, tts::View(body));
    if (!parsed.ok()) return Report(parsed.failure(), error);
    *out = tts::MakeTokenSet(parsed.value());
    return CNX_STATUS_OK;
  });
}

cnx_status SignRequest(const cnx_connection* connection, const cnx_request* request,
                       cnx_http_request** out, cnx_error** error) noexcept {
  return Guarded(error, [&] {
    if (connection == nullptr || request == nullptr || out == nullptr) {
      return Report(CNX_STATUS_INVALID_INPUT, kNullArgument, error);
    }
    *out = nullptr;
    const cnx_request normalized = Normalized(request);
    const cnx_request& r = normalized;
    if (!ValidStr(r.endpoint) || !ValidStr(r.method) || !ValidStr(r.url) || !ValidStr(r.body) ||
        !ValidStr(r.content_type) || !ValidStr(r.access_token) || !ValidStr(r.scope_credential) ||
        !ValidKvs(r.path_params, r.path_param_count) || !ValidKvs(r.query, r.query_count) ||
        !ValidKvs(r.headers, r.header_count)) {
      return Report(CNX_STATUS_INVALID_INPUT, kBadArgument, error);
    }
    auto signed_request = tts::SignRequest(*Impl(connection), r);
    if (!signed_request.ok()) return Report(signed_request.failure(), error);
    const tts::SignedRequestView& view = signed_request.value();
    *out = tts::MakeHttpRequest(view.method, view.url, view.headers, {});
    return CNX_STATUS_OK;
  });
}

cnx_status ClassifyResponse(const cnx_connection* connection, const cnx_response* response,
                            cnx_classification** out, cnx_error** error) noexcept {
  return Guarded(error, [&] {
    if (connection == nullptr || response == nullptr || out == nullptr) {
      return Report(CNX_STATUS_INVALID_INPUT, kNullArgument, error);
    }
    *out = nullptr;
    const cnx_response r = Normalized(response);
    if (!ValidStr(r.endpoint) || !ValidStr(r.body) || !ValidKvs(r.headers, r.header_count)) {
      return Report(CNX_STATUS_INVALID_INPUT, kBadArgument, error);
    }
    const tts::EndpointSpec* endpoint = nullptr;
    if (r.endpoint.len > 0) {
      endpoint = tts::FindEndpoint(tts::View(r.endpoint));
      if (endpoint == nullptr) {
        return Report(CNX_STATUS_INVALID_INPUT, "Unknown endpoint id for classify_response.",
                      error);
      }
    }
    *out = tts::MakeClassification(tts::ClassifyResponse(endpoint, r));
    return CNX_STATUS_OK;
  });
}

cnx_status VerifyWebhook(const cnx_connection* connection, const cnx_kv* headers,
                         size_t header_count, cnx_str body, cnx_webhook_event** out,
                         cnx_error** error) noexcept {
  return Guarded(error, [&] {
    if (connection == nullptr || out == nullptr) {
      return Report(CNX_STATUS_INVALID_INPUT, kNullArgument, error);
    }
    *out = nullptr;
    if (!ValidStr(body) || !ValidKvs(headers, header_count)) {
      return Report(CNX_STATUS_INVALID_INPUT, kBadArgument, error);
    }
    auto event = tts::VerifyWebhook(*Impl(connection), headers, header_count, tts::View(body));
    if (!event.ok()) return Report(event.failure(), error);
    *out = tts::MakeWebhookEvent(event.value());
    return CNX_STATUS_OK;
  });
}

template <typename T>
void FreeOutput(T* output) noexcept {
  tts::OutputArena::Free(output);
}

constexpr cnx_connector_api kApi = {
    sizeof(cnx_connector_api),
    CNX_ABI_MAJOR,
    CNX_ABI_MINOR,
    tts::kConnectorId,
    tts::kConnectorVersion,
    Describe,
    ConnectionOpen,
    ConnectionClose,
    ConnectionDescribe,
    AuthorizeUrl,
    ParseCallback,
    TokenRequest,
    ParseTokenResponse,
    SignRequest,
    ClassifyResponse,
    VerifyWebhook,
    FreeOutput<cnx_error>,
    FreeOutput<cnx_buffer>,
    FreeOutput<cnx_callback_result>,
    FreeOutput<cnx_token_set>,
    FreeOutput<cnx_http_request>,
    FreeOutput<cnx_classification>,
    FreeOutput<cnx_webhook_event>,
};

}  // namespace

extern "C" CNX_EXPORT const cnx_connector_api* cnx_connector_get_api(uint32_t host_abi_major) {
  return host_abi_major == CNX_ABI_MAJOR ? &kApi : nullptr;
}
