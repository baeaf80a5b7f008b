#include "abi_outputs.hpp"

#include "kv_lookup.hpp"
#include "output_arena.hpp"

namespace tts {

using Arena = OutputArena;

cnx_error* make_error(const Failure& failure) noexcept {
  try {
    Arena arena(Arena::slot_bytes<cnx_error>() + Arena::string_bytes(failure.message) +
                Arena::string_bytes(failure.details_json) +
                Arena::string_bytes(failure.request_id));
    auto* error = arena.allocate<cnx_error>();
    error->struct_size = sizeof(cnx_error);
    error->status = failure.status;
    error->message = arena.copy(failure.message);
    error->details_json = arena.copy(failure.details_json);
    error->remote_code = failure.remote_code;
    error->remote_request_id = arena.copy(failure.request_id);
    error->retry_after_ms = failure.retry_after_ms;
    arena.release();
    return error;
  } catch (...) {
    return nullptr;
  }
}

cnx_buffer* make_buffer(std::string_view bytes) {
  Arena arena(Arena::slot_bytes<cnx_buffer>() + Arena::string_bytes(bytes));
  auto* buffer = arena.allocate<cnx_buffer>();
  buffer->struct_size = sizeof(cnx_buffer);
  buffer->bytes = arena.copy(bytes);
  arena.release();
  return buffer;
}

cnx_http_request* make_http_request(std::string_view method, std::string_view url,
                                    std::span<const cnx_kv> headers, std::string_view body) {
  size_t bytes = Arena::slot_bytes<cnx_http_request>() + Arena::slot_bytes<cnx_kv>(headers.size()) +
                 Arena::string_bytes(method) + Arena::string_bytes(url) + Arena::string_bytes(body);
  for (const cnx_kv& header : headers) {
    bytes += Arena::string_bytes(view(header.key)) + Arena::string_bytes(view(header.value));
  }
  Arena arena(bytes);
  auto* request = arena.allocate<cnx_http_request>();
  request->struct_size = sizeof(cnx_http_request);
  request->method = arena.copy(method);
  request->url = arena.copy(url);
  if (!headers.empty()) {
    auto* copies = arena.allocate<cnx_kv>(headers.size());
    for (size_t i = 0; i < headers.size(); ++i) {
      copies[i].key = arena.copy(view(headers[i].key));
      copies[i].value = arena.copy(view(headers[i].value));
    }
    request->headers = copies;
  }
  request->header_count = headers.size();
  request->body = arena.copy(body);
  arena.release();
  return request;
}

cnx_callback_result* make_callback_result(const CallbackParams& params) {
  Arena arena(Arena::slot_bytes<cnx_callback_result>() + Arena::string_bytes(params.code.view()) +
              Arena::string_bytes(params.state) + Arena::string_bytes(params.error));
  auto* result = arena.allocate<cnx_callback_result>();
  result->struct_size = sizeof(cnx_callback_result);
  result->status = params.status;
  result->code = arena.copy(params.code.view());
  result->state = arena.copy(params.state);
  result->error = arena.copy(params.error);
  arena.release();
  return result;
}

cnx_token_set* make_token_set(const TokenSet& tokens) {
  size_t bytes =
      Arena::slot_bytes<cnx_token_set>() + Arena::slot_bytes<cnx_str>(tokens.scopes.size()) +
      Arena::string_bytes(tokens.access_token.view()) +
      Arena::string_bytes(tokens.refresh_token.view()) + Arena::string_bytes(tokens.open_id) +
      Arena::string_bytes(tokens.seller_name) + Arena::string_bytes(tokens.seller_base_region) +
      Arena::string_bytes(tokens.account_type);
  for (const std::string& scope : tokens.scopes) bytes += Arena::string_bytes(scope);
  Arena arena(bytes);
  auto* set = arena.allocate<cnx_token_set>();
  set->struct_size = sizeof(cnx_token_set);
  set->access_token = arena.copy(tokens.access_token.view());
  set->access_expires_at = tokens.access_expires_at;
  set->refresh_token = arena.copy(tokens.refresh_token.view());
  set->refresh_expires_at = tokens.refresh_expires_at;
  set->account_id = arena.copy(tokens.open_id);
  set->account_name = arena.copy(tokens.seller_name);
  set->account_region = arena.copy(tokens.seller_base_region);
  set->account_type = arena.copy(tokens.account_type);
  if (!tokens.scopes.empty()) {
    auto* scopes = arena.allocate<cnx_str>(tokens.scopes.size());
    for (size_t i = 0; i < tokens.scopes.size(); ++i) scopes[i] = arena.copy(tokens.scopes[i]);
    set->scopes = scopes;
  }
  set->scope_count = tokens.scopes.size();
  arena.release();
  return set;
}

cnx_classification* make_classification(const Classification& c) {
  Arena arena(Arena::slot_bytes<cnx_classification>() +
              Arena::slot_bytes<cnx_record>(c.records.size()) + Arena::string_bytes(c.message) +
              Arena::string_bytes(c.request_id) + Arena::string_bytes(c.next_page_token) +
              Arena::string_bytes(c.item_errors_json));
  auto* out = arena.allocate<cnx_classification>();
  out->struct_size = sizeof(cnx_classification);
  out->verdict = c.verdict;
  out->remote_code = c.remote_code;
  out->message = arena.copy(c.message);
  out->request_id = arena.copy(c.request_id);
  out->retry_after_ms = c.retry_after_ms;
  out->next_page_token = arena.copy(c.next_page_token);
  out->total_count = c.total_count;
  if (!c.records.empty()) {
    auto* records = arena.allocate<cnx_record>(c.records.size());
    for (size_t i = 0; i < c.records.size(); ++i) records[i] = c.records[i];
    out->records = records;
  }
  out->record_count = c.records.size();
  out->item_errors_json = arena.copy(c.item_errors_json);
  arena.release();
  return out;
}

cnx_webhook_event* make_webhook_event(const WebhookEvent& event) {
  Arena arena(Arena::slot_bytes<cnx_webhook_event>() + Arena::string_bytes(event.event_id) +
              Arena::string_bytes(event.event_type) + Arena::string_bytes(event.account_id));
  auto* out = arena.allocate<cnx_webhook_event>();
  out->struct_size = sizeof(cnx_webhook_event);
  out->event_id = arena.copy(event.event_id);
  out->event_type = arena.copy(event.event_type);
  out->account_id = arena.copy(event.account_id);
  out->occurred_at = event.occurred_at;
  out->effect = event.effect;
  arena.release();
  return out;
}

}  // namespace tts
