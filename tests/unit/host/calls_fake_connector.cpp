#include "calls_fake_connector.hpp"

#include <cstring>
#include <list>

namespace host::testing {
namespace {

// Every output is a holder whose first member is the ABI struct, so a release function can
// cast back; the holder owns the bytes the struct points at (a std::list never moves them).
template <typename T>
struct Holder {
  T c{};
  std::list<std::string> strings;
  std::vector<cnx_kv> kvs;
  std::vector<cnx_str> strs;
  std::vector<cnx_record> records;

  cnx_str keep(std::string s) {
    strings.push_back(std::move(s));
    return cnx_str{strings.back().data(), strings.back().size()};
  }
};

template <typename T>
T* hand_out(Holder<T>* holder) {
  holder->c.struct_size = sizeof(T);
  ++fake_connector_state().outputs_live;
  return &holder->c;
}

template <typename T>
void take_back(T* p) {
  if (p == nullptr) return;
  FakeConnectorState& s = fake_connector_state();
  if (s.connectors_alive.load() == 0) ++s.released_after_unload;
  --s.outputs_live;
  ++s.outputs_released;
  delete reinterpret_cast<Holder<T>*>(p);
}

cnx_error* make_error(cnx_status status, const std::string& message, int64_t remote_code) {
  auto* h = new Holder<cnx_error>;
  h->c.status = status;
  h->c.message = h->keep(message);
  h->c.remote_code = remote_code;
  return hand_out(h);
}

// Applies `answer`: the error when it failed, the output built by `build` when it holds one.
template <typename V, typename Out, typename Build>
cnx_status give(const FakeAnswer<V>& answer, Out** out, cnx_error** error, Build build) {
  *out = nullptr;
  *error = nullptr;
  if (answer.status != CNX_STATUS_OK) {
    *error = make_error(answer.status, answer.message, answer.remote_code);
    return answer.status;
  }
  if (!answer.no_output) *out = build(answer.value);
  return CNX_STATUS_OK;
}

template <typename V>
FakeAnswer<V> unset_hook() {
  return refusal<V>(CNX_STATUS_INTERNAL, "the test set no hook for this function");
}

std::string text(cnx_str s) { return std::string(cnx::to_view(s)); }

// A copy of the hook a test set, taken under the state's lock (tests may set hooks while the
// listener threads of an earlier call still run).
template <typename Hook>
Hook current(Hook FakeConnectorState::*member) {
  FakeConnectorState& s = fake_connector_state();
  std::lock_guard lock(s.mutex);
  return s.*member;
}

cnx_http_request* build_request(const FakeRequest& r) {
  auto* h = new Holder<cnx_http_request>;
  h->c.method = h->keep(r.method);
  h->c.url = h->keep(r.url);
  for (const auto& [k, v] : r.headers) h->kvs.push_back({h->keep(k), h->keep(v)});
  h->c.headers = h->kvs.data();
  h->c.header_count = h->kvs.size();
  h->c.body = h->keep(r.body);
  return hand_out(h);
}

cnx_status fake_sign(const cnx_connection*, const cnx_request* request, cnx_http_request** out,
                     cnx_error** error) {
  FakeConnectorState& s = fake_connector_state();
  SeenRequest seen;
  seen.endpoint = text(request->endpoint);
  seen.method = text(request->method);
  seen.url = text(request->url);
  seen.body = text(request->body);
  seen.content_type = text(request->content_type);
  seen.access_token = text(request->access_token);
  seen.scope_credential = text(request->scope_credential);
  seen.timestamp = request->timestamp;
  for (size_t i = 0; i < request->query_count; ++i) {
    seen.query[text(request->query[i].key)] = text(request->query[i].value);
  }
  for (size_t i = 0; i < request->path_param_count; ++i) {
    seen.path_params[text(request->path_params[i].key)] = text(request->path_params[i].value);
  }
  std::function<FakeAnswer<FakeRequest>(const SeenRequest&)> hook;
  {
    std::lock_guard lock(s.mutex);
    s.signed_requests.push_back(seen);
    hook = s.sign;
  }
  return give(hook ? hook(seen) : unset_hook<FakeRequest>(), out, error, build_request);
}

cnx_status fake_classify(const cnx_connection*, const cnx_response* response,
                         cnx_classification** out, cnx_error** error) {
  const auto hook = current(&FakeConnectorState::classify);
  auto answer = hook ? hook(response->http_status, cnx::to_view(response->body))
                     : unset_hook<FakeClassification>();
  return give(answer, out, error, [](const FakeClassification& c) {
    auto* h = new Holder<cnx_classification>;
    h->c.verdict = c.verdict;
    h->c.remote_code = c.remote_code;
    h->c.message = h->keep(c.message);
    h->c.request_id = h->keep(c.request_id);
    h->c.next_page_token = h->keep(c.next_page_token);
    h->c.total_count = -1;
    h->records = c.records;
    h->c.records = h->records.data();
    h->c.record_count = h->records.size();
    return hand_out(h);
  });
}

cnx_status fake_token_request(const cnx_connection*, cnx_token_grant grant, cnx_str credential,
                              cnx_http_request** out, cnx_error** error) {
  const auto hook = current(&FakeConnectorState::token_request);
  auto answer = hook ? hook(grant, cnx::to_view(credential)) : unset_hook<FakeRequest>();
  return give(answer, out, error, build_request);
}

cnx_status fake_parse_tokens(const cnx_connection*, int32_t http_status, cnx_str body,
                             cnx_token_set** out, cnx_error** error) {
  const auto hook = current(&FakeConnectorState::parse_tokens);
  auto answer = hook ? hook(http_status, cnx::to_view(body)) : unset_hook<FakeTokens>();
  return give(answer, out, error, [](const FakeTokens& t) {
    auto* h = new Holder<cnx_token_set>;
    h->c.access_token = h->keep(t.access_token);
    h->c.access_expires_at = t.access_expires_at;
    h->c.refresh_token = h->keep(t.refresh_token);
    h->c.refresh_expires_at = t.refresh_expires_at;
    h->c.account_id = h->keep(t.account_id);
    for (const auto& scope : t.scopes) h->strs.push_back(h->keep(scope));
    h->c.scopes = h->strs.data();
    h->c.scope_count = h->strs.size();
    return hand_out(h);
  });
}

cnx_status fake_parse_callback(const cnx_connection*, cnx_str query, cnx_callback_result** out,
                               cnx_error** error) {
  const auto hook = current(&FakeConnectorState::parse_callback);
  auto answer = hook ? hook(cnx::to_view(query)) : unset_hook<FakeCallback>();
  return give(answer, out, error, [](const FakeCallback& c) {
    auto* h = new Holder<cnx_callback_result>;
    h->c.status = c.status;
    h->c.code = h->keep(c.code);
    h->c.state = h->keep(c.state);
    h->c.error = h->keep(c.error);
    return hand_out(h);
  });
}

cnx_status fake_authorize_url(const cnx_connection*, cnx_str state, cnx_buffer** out,
                              cnx_error** error) {
  FakeAnswer<std::string> answer;
  answer.value = "https://auth.invalid/authorize?state=" + text(state);
  return give(answer, out, error, [](const std::string& url) {
    auto* h = new Holder<cnx_buffer>;
    h->c.bytes = h->keep(url);
    return hand_out(h);
  });
}

void free_error(cnx_error* p) { take_back(p); }
void free_buffer(cnx_buffer* p) { take_back(p); }
void free_callback_result(cnx_callback_result* p) { take_back(p); }
void free_token_set(cnx_token_set* p) { take_back(p); }
void free_http_request(cnx_http_request* p) { take_back(p); }
void free_classification(cnx_classification* p) { take_back(p); }
void free_webhook_event(cnx_webhook_event*) {}
void close_connection(cnx_connection*) {}

cnx_connector_api make_table() {
  cnx_connector_api api{};
  api.struct_size = sizeof api;
  api.abi_major = CNX_ABI_MAJOR;
  api.connector_id = "fake";
  api.connector_version = "0.0.0";
  api.connection_close = close_connection;
  api.authorize_url = fake_authorize_url;
  api.parse_callback = fake_parse_callback;
  api.token_request = fake_token_request;
  api.parse_token_response = fake_parse_tokens;
  api.sign_request = fake_sign;
  api.classify_response = fake_classify;
  api.free_error = free_error;
  api.free_buffer = free_buffer;
  api.free_callback_result = free_callback_result;
  api.free_token_set = free_token_set;
  api.free_http_request = free_http_request;
  api.free_classification = free_classification;
  api.free_webhook_event = free_webhook_event;
  return api;
}

class FakeLoadedConnector final : public loader::LoadedConnector {
 public:
  FakeLoadedConnector() : api_(make_table()) {
    manifest_.id = "fake";
    ++fake_connector_state().connectors_alive;
  }
  ~FakeLoadedConnector() override { --fake_connector_state().connectors_alive; }
  const loader::ConnectorManifest& manifest() const override { return manifest_; }
  const cnx_connector_api& api() const override { return api_; }

 private:
  loader::ConnectorManifest manifest_;
  cnx_connector_api api_;
};

}  // namespace

FakeConnectorState& fake_connector_state() {
  static FakeConnectorState state;
  return state;
}

void fake_connector_reset() {
  FakeConnectorState& s = fake_connector_state();
  std::lock_guard lock(s.mutex);
  s.sign = nullptr;
  s.classify = nullptr;
  s.token_request = nullptr;
  s.parse_tokens = nullptr;
  s.parse_callback = nullptr;
  s.signed_requests.clear();
  s.outputs_live = 0;
  s.outputs_released = 0;
  s.released_after_unload = 0;
}

std::shared_ptr<const loader::LoadedConnector> make_fake_connector() {
  return std::make_shared<FakeLoadedConnector>();
}

const cnx_connection* fake_connection() {
  static char dummy;
  return reinterpret_cast<const cnx_connection*>(&dummy);
}

engine::ConnectorTarget fake_target() { return {make_fake_connector(), fake_connection()}; }

}  // namespace host::testing
