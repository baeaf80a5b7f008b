#include "engine/flows/import/import_request.hpp"

#include <algorithm>

#include <simdjson.h>
#include <json_writer/json_writer.hpp>

#include "engine/flows/jsonl_values.hpp"

namespace host::engine {

ImportRecordPlan plan_import_record(const EndpointSpec& endpoint, std::string_view record,
                                    const std::string& key_pointer,
                                    const std::string& scope_credential) {
  ImportRecordPlan plan;
  simdjson::dom::parser parser;
  simdjson::dom::object object;
  if (auto err = parser.parse(record.data(), record.size()).get(object); err) {
    plan.error = std::string("not a JSON object (") + simdjson::error_message(err) + ")";
    return plan;
  }
  if (key_pointer.empty()) {
    plan.idempotency_key = sha256_hex(record);
  } else {
    simdjson::dom::element at;
    if (object.at_pointer(key_pointer).get(at) != simdjson::SUCCESS) {
      plan.error = "no value at idempotency_key " + key_pointer;
      return plan;
    }
    auto text = json_scalar_text(simdjson::minify(at));
    if (!text || text->empty()) {
      plan.error = "the value at idempotency_key " + key_pointer + " is not a non-empty scalar";
      return plan;
    }
    plan.idempotency_key = std::move(*text);
  }

  CallRequest& request = plan.request;
  request.endpoint = endpoint.id;
  request.scope_credential = scope_credential;
  for (const std::string& name : endpoint.path_params) {
    simdjson::dom::element value;
    std::optional<std::string> text;
    if (object[name].get(value) == simdjson::SUCCESS)
      text = json_scalar_text(simdjson::minify(value));
    if (!text || text->empty()) {
      plan.error = "missing path parameter \"" + name + "\" (a top-level string or number)";
      return plan;
    }
    request.path_params.emplace_back(name, std::move(*text));
  }
  const bool rest = endpoint.import && endpoint.import->body_rest;
  const IdempotencySpec* idem =
      endpoint.import && endpoint.import->idempotency ? &*endpoint.import->idempotency : nullptr;
  std::string key = plan.idempotency_key;
  if (idem != nullptr && idem->max_len > 0 && key.size() > static_cast<size_t>(idem->max_len)) {
    key.resize(static_cast<size_t>(idem->max_len));
  }
  // A key the record already carries in the body wins: the caller chose it.
  const bool key_in_body = idem != nullptr && idem->in_body && rest;
  bool body_has_key = false;
  if (rest) {
    jsonw::Writer w(request.body);
    w.begin_object();
    for (auto [field, value] : object) {
      const bool is_path = std::find(endpoint.path_params.begin(), endpoint.path_params.end(),
                                     field) != endpoint.path_params.end();
      if (is_path) continue;
      w.raw_field(field, simdjson::minify(value));
      body_has_key = body_has_key || (key_in_body && field == idem->param);
    }
    if (key_in_body && !body_has_key) w.field(idem->param, key);
    w.end_object();
  }
  if (idem != nullptr && !idem->in_body) request.query.emplace_back(idem->param, std::move(key));
  return plan;
}

}  // namespace host::engine
