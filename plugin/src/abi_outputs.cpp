#include "abi_outputs.hpp"

#include "output_arena.hpp"

namespace tts {

cnx_error* make_error(const Failure& failure) noexcept {
  try {
    return OutputArena::build<cnx_error>([&](OutputArena& arena, cnx_error& error) {
      error.status = failure.status;
      error.message = arena.copy(failure.message);
      error.details_json = arena.copy(failure.details_json);
      error.remote_code = failure.remote_code;
      error.remote_request_id = arena.copy(failure.request_id);
      error.retry_after_ms = failure.retry_after_ms;
    });
  } catch (...) {
    return nullptr;
  }
}

cnx_buffer* make_buffer(std::string_view bytes) {
  return OutputArena::build<cnx_buffer>(
      [&](OutputArena& arena, cnx_buffer& buffer) { buffer.bytes = arena.copy(bytes); });
}

cnx_http_request* make_http_request(std::string_view method, std::string_view url,
                                    std::span<const cnx_kv> headers, std::string_view body) {
  return OutputArena::build<cnx_http_request>([&](OutputArena& arena, cnx_http_request& request) {
    request.method = arena.copy(method);
    request.url = arena.copy(url);
    request.headers = arena.copy_kvs(headers);
    request.header_count = headers.size();
    request.body = arena.copy(body);
  });
}

cnx_callback_result* make_callback_result(const CallbackParams& params) {
  return OutputArena::build<cnx_callback_result>(
      [&](OutputArena& arena, cnx_callback_result& result) {
        result.status = params.status;
        result.code = arena.copy(params.code.view());
        result.state = arena.copy(params.state);
        result.error = arena.copy(params.error);
      });
}

cnx_token_set* make_token_set(const TokenSet& tokens) {
  return OutputArena::build<cnx_token_set>([&](OutputArena& arena, cnx_token_set& set) {
    set.access_token = arena.copy(tokens.access_token.view());
    set.access_expires_at = tokens.access_expires_at;
    set.refresh_token = arena.copy(tokens.refresh_token.view());
    set.refresh_expires_at = tokens.refresh_expires_at;
    set.account_id = arena.copy(tokens.open_id);
    set.account_name = arena.copy(tokens.seller_name);
    set.account_region = arena.copy(tokens.seller_base_region);
    set.account_type = arena.copy(tokens.account_type);
    set.scopes = arena.copy_strs(tokens.scopes);
    set.scope_count = tokens.scopes.size();
  });
}

cnx_classification* make_classification(const Classification& c) {
  return OutputArena::build<cnx_classification>([&](OutputArena& arena, cnx_classification& out) {
    out.verdict = c.verdict;
    out.remote_code = c.remote_code;
    out.message = arena.copy(c.message);
    out.request_id = arena.copy(c.request_id);
    out.retry_after_ms = c.retry_after_ms;
    out.next_page_token = arena.copy(c.next_page_token);
    out.total_count = c.total_count;
    out.records = arena.copy_array<cnx_record>(c.records);
    out.record_count = c.records.size();
    out.item_errors_json = arena.copy(c.item_errors_json);
  });
}

cnx_webhook_event* make_webhook_event(const WebhookEvent& event) {
  return OutputArena::build<cnx_webhook_event>([&](OutputArena& arena, cnx_webhook_event& out) {
    out.event_id = arena.copy(event.event_id);
    out.event_type = arena.copy(event.event_type);
    out.account_id = arena.copy(event.account_id);
    out.occurred_at = event.occurred_at;
    out.effect = event.effect;
  });
}

}  // namespace tts
