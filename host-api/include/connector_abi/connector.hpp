// connector.hpp: a small header-only C++ layer over connector_abi.h for hosts.
//
// It adds no behaviour to the ABI; it only makes the ABI's ownership rules hard to get wrong:
//  - cnx::Owned<T> is a unique_ptr that releases a plugin-owned output (or closes a connection)
//    with the matching function of the table that produced it, never with free()/delete;
//  - cnx::Status turns a (cnx_status, cnx_error*) pair into a value with a message string and
//    releases the cnx_error at once;
//  - to_view / to_cnx_str convert between cnx_str and std::string_view without copying.
//
// Lifetime: a plugin-owned object is only valid while the plugin's library stays loaded. A
// Releaser can carry `keep_alive`, any shared_ptr that keeps the library loaded (a host's loaded
// connector object); an Owned<T> made with it then keeps the library mapped until released.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "connector_abi/connector_abi.h"

namespace cnx {

// A borrowed view of a cnx_str. An absent string (len 0) becomes an empty view.
// OWNERSHIP: the view borrows whatever owns `s`.
inline std::string_view to_view(cnx_str s) noexcept {
  return s.len == 0 ? std::string_view() : std::string_view(s.data, s.len);
}

// A cnx_str borrowing `s` for passing into a call. OWNERSHIP: `s` must outlive the call.
inline cnx_str to_cnx_str(std::string_view s) noexcept { return cnx_str{s.data(), s.size()}; }

// The enumerator's name without its prefix ("OK", "RATE_LIMITED", ...). A value newer than this
// header comes back as "UNKNOWN".
inline const char* status_name(cnx_status status) noexcept {
  switch (status) {
    case CNX_STATUS_OK:
      return "OK";
    case CNX_STATUS_INVALID_INPUT:
      return "INVALID_INPUT";
    case CNX_STATUS_RETRY:
      return "RETRY";
    case CNX_STATUS_RATE_LIMITED:
      return "RATE_LIMITED";
    case CNX_STATUS_REFRESH_TOKEN:
      return "REFRESH_TOKEN";
    case CNX_STATUS_REAUTHORIZE:
      return "REAUTHORIZE";
    case CNX_STATUS_PERMANENT:
      return "PERMANENT";
    case CNX_STATUS_INTERNAL:
      return "INTERNAL";
    case CNX_STATUS_UNSUPPORTED:
      return "UNSUPPORTED";
  }
  return "UNKNOWN";
}

// CNX_HAS_FIELD for C++ callers (the C macro needs an old-style cast): true when a struct filled
// by the other side holds the bytes [offset, offset + size).
template <typename Struct>
constexpr bool has_field(const Struct& s, size_t offset, size_t size) noexcept {
  return s.struct_size >= offset + size;
}

// Releases plugin-owned outputs through the table that produced them. Each overload accepts
// NULL and tolerates a table whose release function is NULL (the loader refuses such tables, so
// that only matters for hand-made tables in tests). THREADING: any thread.
struct Releaser {
  const cnx_connector_api* api = nullptr;
  // Keeps the plugin's library loaded while the object this releaser owns is alive; dropped as
  // soon as that object is released (so a reset() Owned<T> no longer pins the library). May be
  // null when the caller guarantees the library outlives the owned object by other means.
  mutable std::shared_ptr<const void> keep_alive;

  void operator()(cnx_error* p) const noexcept { call(p, api ? api->free_error : nullptr); }
  void operator()(cnx_buffer* p) const noexcept { call(p, api ? api->free_buffer : nullptr); }
  void operator()(cnx_callback_result* p) const noexcept {
    call(p, api ? api->free_callback_result : nullptr);
  }
  void operator()(cnx_token_set* p) const noexcept { call(p, api ? api->free_token_set : nullptr); }
  void operator()(cnx_http_request* p) const noexcept {
    call(p, api ? api->free_http_request : nullptr);
  }
  void operator()(cnx_classification* p) const noexcept {
    call(p, api ? api->free_classification : nullptr);
  }
  void operator()(cnx_webhook_event* p) const noexcept {
    call(p, api ? api->free_webhook_event : nullptr);
  }
  void operator()(cnx_connection* p) const noexcept {
    call(p, api ? api->connection_close : nullptr);
  }

 private:
  // Releases first, then lets the library go: the release function lives in the library.
  template <typename T>
  void call(T* p, void (*release)(T*)) const noexcept {
    if (p != nullptr && release != nullptr) release(p);
    keep_alive.reset();
  }
};

// An owned plugin output, released by the table that produced it.
template <typename T>
using Owned = std::unique_ptr<T, Releaser>;

using ErrorPtr = Owned<cnx_error>;
using BufferPtr = Owned<cnx_buffer>;
using CallbackResultPtr = Owned<cnx_callback_result>;
using TokenSetPtr = Owned<cnx_token_set>;
using HttpRequestPtr = Owned<cnx_http_request>;
using ClassificationPtr = Owned<cnx_classification>;
using WebhookEventPtr = Owned<cnx_webhook_event>;
using ConnectionPtr = Owned<cnx_connection>;

// Takes ownership of `p` (which may be NULL), to be released with `releaser`.
template <typename T>
Owned<T> adopt(T* p, Releaser releaser) noexcept {
  return Owned<T>(p, std::move(releaser));
}

// The outcome of one call into a plugin, as a value. The cnx_error, if any, has already been
// copied and released, so a Status never refers to plugin memory and may outlive the plugin.
class Status {
 public:
  Status() = default;  // OK
  Status(cnx_status code, std::string message) : code_(code), message_(std::move(message)) {}

  // Builds a Status from what a table function returned and releases `error` (NULL allowed)
  // with `api.free_error`. A failing code without an error gets a generic message.
  // OWNERSHIP: takes `error`.
  static Status from_call(const cnx_connector_api& api, cnx_status code, cnx_error* error) {
    ErrorPtr owned(error, Releaser{&api, nullptr});
    Status s(code, {});
    // Fields beyond the plugin's struct_size do not exist for it (append-only rule).
    if (const cnx_error* e = owned.get()) {
      if (has_field(*e, offsetof(cnx_error, message), sizeof e->message))
        s.message_ = std::string(to_view(e->message));
      if (has_field(*e, offsetof(cnx_error, details_json), sizeof e->details_json))
        s.details_json_ = std::string(to_view(e->details_json));
      if (has_field(*e, offsetof(cnx_error, remote_code), sizeof e->remote_code))
        s.remote_code_ = e->remote_code;
      if (has_field(*e, offsetof(cnx_error, remote_request_id), sizeof e->remote_request_id))
        s.remote_request_id_ = std::string(to_view(e->remote_request_id));
      if (has_field(*e, offsetof(cnx_error, retry_after_ms), sizeof e->retry_after_ms))
        s.retry_after_ms_ = e->retry_after_ms;
    }
    if (s.message_.empty() && code != CNX_STATUS_OK) s.message_ = "the connector gave no reason";
    return s;
  }

  bool ok() const noexcept { return code_ == CNX_STATUS_OK; }
  cnx_status code() const noexcept { return code_; }
  // The plugin's sentence (never a secret, by the ABI's rule); empty when OK.
  const std::string& message() const noexcept { return message_; }
  // JSON array of {"field","message"} for INVALID_INPUT about a document; else empty.
  const std::string& details_json() const noexcept { return details_json_; }
  int64_t remote_code() const noexcept { return remote_code_; }
  const std::string& remote_request_id() const noexcept { return remote_request_id_; }
  int64_t retry_after_ms() const noexcept { return retry_after_ms_; }

  // "INTERNAL: <message>", or "OK".
  std::string to_string() const {
    std::string out = status_name(code_);
    if (!message_.empty()) out.append(": ").append(message_);
    return out;
  }

 private:
  cnx_status code_ = CNX_STATUS_OK;
  std::string message_;
  std::string details_json_;
  int64_t remote_code_ = 0;
  std::string remote_request_id_;
  int64_t retry_after_ms_ = 0;
};

}  // namespace cnx
