#include "abi_outputs.hpp"

#include "kv_lookup.hpp"
#include "output_arena.hpp"

namespace tts {

using Arena = OutputArena;

cnx_error* MakeError(const Failure& failure) noexcept {
  try {
    Arena arena(Arena::SlotBytes<cnx_error>() + Arena::StringBytes(failure.message) +
                Arena::StringBytes(failure.details_json) +
                Arena::StringBytes(failure.request_id));
    auto* error = arena.New<cnx_error>();
    error->struct_size = sizeof(cnx_error);
    error->status = failure.status;
    error->message = arena.Copy(failure.message);
    error->details_json = arena.Copy(failure.details_json);
    error->remote_code = failure.remote_code;
    error->remote_request_id = arena.Copy(failure.request_id);
    error->retry_after_ms = failure.retry_after_ms;
    arena.Release();
    return error;
  } catch (...) {
    return nullptr;
  }
}

cnx_buffer* MakeBuffer(std::string_view bytes) {
  Arena arena(Arena::SlotBytes<cnx_buffer>() + Arena::StringBytes(bytes));
  auto* buffer = arena.New<cnx_buffer>();
  buffer->struct_size = sizeof(cnx_buffer);
  buffer->bytes = arena.Copy(bytes);
  arena.Release();
  return buffer;
}

cnx_http_request* MakeHttpRequest(std::string_view method, std::string_view url,
                                  std::span<const cnx_kv> headers, std::string_view body) {
  size_t bytes = Arena::SlotBytes<cnx_http_request>() + Arena::SlotBytes<cnx_kv>(headers.size()) +
                 Arena::StringBytes(method) + Arena::StringBytes(url) + Arena::StringBytes(body);
  for (const cnx_kv& header : headers) {
    bytes += Arena::StringBytes(View(header.key)) + Arena::StringBytes(View(header.value));
  }
  Arena arena(bytes);
  auto* request = arena.New<cnx_http_request>();
  request->struct_size = sizeof(cnx_http_request);
  request->method = arena.Copy(method);
  request->url = arena.Copy(url);
  if (!headers.empty()) {
    auto* copies = arena.New<cnx_kv>(headers.size());
    for (size_t i = 0; i < headers.size(); ++i) {
      copies[i].key = arena.Copy(View(headers[i].key));
      copies[i].value = arena.Copy(View(headers[i].value));
    }
    request->headers = copies;
  }
  request->header_count = headers.size();
  request->body = arena.Copy(body);
  arena.Release();
  return request;
}

cnx_callback_result* MakeCallbackResult(const CallbackParams& params) {
  Arena arena(Arena::SlotBytes<cnx_callback_result>() + Arena::StringBytes(params.code.view()) +
              Arena::StringBytes(params.state) + Arena::StringBytes(params.error));
  auto* result = arena.New<cnx_callback_result>();
  result->struct_size = sizeof(cnx_callback_result);
  result->status = params.status;
  result->code = arena.Copy(params.code.view());
  result->state = arena.Copy(params.state);
  result->error = arena.Copy(params.error);
  arena.Release();
  return result;
}

cnx_token_set* MakeTokenSet(const TokenSet& tokens) {
  size_t bytes = Arena::SlotBytes<cnx_token_set>() + Arena::SlotBytes<cnx_str>(tokens.scopes.size()) +
                 Arena::StringBytes(tokens.access_token.view()) +
                 Arena::StringBytes(tokens.refresh_token.view()) +
                 Arena::StringBytes(tokens.open_id) + Arena::StringBytes(tokens.seller_name) +
                 Arena::StringBytes(tokens.seller_base_region) +
                 Arena::StringBytes(tokens.account_type);
  for (const std::string& scope : tokens.scopes) bytes += Arena::StringBytes(scope);
  Arena arena(bytes);
  auto* set = arena.New<cnx_token_set>();
  set->struct_size = sizeof(cnx_token_set);
  set->access_token = arena.Copy(tokens.access_token.view());
  set->access_expires_at = tokens.access_expires_at;
  set->refresh_token = arena.Copy(tokens.refresh_token.view());
  set->refresh_expires_at = tokens.refresh_expires_at;
  set->account_id = arena.Copy(tokens.open_id);
  set->account_name = arena.Copy(tokens.seller_name);
  set->account_region = arena.Copy(tokens.seller_base_region);
  set->account_type = arena.Copy(tokens.account_type);
  if (!tokens.scopes.empty()) {
    auto* scopes = arena.New<cnx_str>(tokens.scopes.size());
    for (size_t i = 0; i < tokens.scopes.size(); ++i) scopes[i] = arena.Copy(tokens.scopes[i]);
    set->scopes = scopes;
  }
  set->scope_count = tokens.scopes.size();
  arena.Release();
  return set;
}

cnx_classification* MakeClassification(const Classification& c) {
  Arena arena(Arena::SlotBytes<cnx_classification>() +
              Arena::SlotBytes<cnx_record>(c.records.size()) + Arena::StringBytes(c.message) +
              Arena::StringBytes(c.request_id) + Arena::StringBytes(c.next_page_token) +
              Arena::StringBytes(c.item_errors_json));
  auto* out = arena.New<cnx_classification>();
  out->struct_size = sizeof(cnx_classification);
  out->verdict = c.verdict;
  out->remote_code = c.remote_code;
  out->message = arena.Copy(c.message);
  out->request_id = arena.Copy(c.request_id);
  out->retry_after_ms = c.retry_after_ms;
  out->next_page_token = arena.Copy(c.next_page_token);
  out->total_count = c.total_count;
  if (!c.records.empty()) {
    auto* records = arena.New<cnx_record>(c.records.size());
    for (size_t i = 0; i < c.records.size(); ++i) records[i] = c.records[i];
    out->records = records;
  }
  out->record_count = c.records.size();
  out->item_errors_json = arena.Copy(c.item_errors_json);
  arena.Release();
  return out;
}

cnx_webhook_event* MakeWebhookEvent(const WebhookEvent& event) {
  Arena arena(Arena::SlotBytes<cnx_webhook_event>() + Arena::StringBytes(event.event_id) +
              Arena::StringBytes(event.event_type) + Arena::StringBytes(event.account_id));
  auto* out = arena.New<cnx_webhook_event>();
  out->struct_size = sizeof(cnx_webhook_event);
  out->event_id = arena.Copy(event.event_id);
  out->event_type = arena.Copy(event.event_type);
  out->account_id = arena.Copy(event.account_id);
  out->occurred_at = event.occurred_at;
  out->effect = event.effect;
  arena.Release();
  return out;
}

}  // namespace tts
