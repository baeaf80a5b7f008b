#include "engine/flows/export/export_request.hpp"

#include <stdexcept>

#include <simdjson.h>
#include <json_writer/json_writer.hpp>

#include "engine/flows/jsonl_values.hpp"

namespace host::engine {

ExportRequestBuilder::ExportRequestBuilder(const EndpointSpec& endpoint, const FlowManifest& flow,
                                           std::string scope_credential)
    : endpoint_(endpoint), scope_credential_(std::move(scope_credential)) {
  body_ = endpoint.method != "GET";
  if (endpoint.incremental) {
    window_ =
        flow.window.field == "create" ? endpoint.incremental->create : endpoint.incremental->update;
    window_in_query_ = endpoint.incremental->in_query;
  }
  simdjson::dom::parser parser;
  simdjson::dom::object filters;
  if (parser.parse(flow.filters_json).get(filters) != simdjson::SUCCESS) {
    throw std::runtime_error(flow.file.string() + ": /filters: must be a JSON object");
  }
  for (auto [key, value] : filters) {
    if (window_ && (key == window_->from || key == window_->to)) {
      throw std::runtime_error(flow.file.string() + ": /filters/" + std::string(key) +
                               ": the time window is set by \"window\", not by a filter");
    }
    filters_.emplace_back(std::string(key), simdjson::minify(value));
  }
}

CallRequest ExportRequestBuilder::for_slice(const std::optional<TimeSlice>& slice) const {
  CallRequest request;
  request.endpoint = endpoint_.id;
  request.scope_credential = scope_credential_;
  request.query = endpoint_.query;
  std::string body;
  jsonw::Writer w(body);
  w.begin_object();
  for (const auto& [key, json] : filters_) {
    if (body_) {
      w.raw_field(key, json);
    } else {
      request.query.emplace_back(key, json_scalar_text(json).value_or(json));
    }
  }
  if (slice && window_) {
    const int64_t to = window_->to_inclusive ? slice->to - 1 : slice->to;
    if (window_in_query_ || !body_) {
      request.query.emplace_back(window_->from, std::to_string(slice->from));
      request.query.emplace_back(window_->to, std::to_string(to));
    } else {
      w.field(window_->from, slice->from).field(window_->to, to);
    }
  }
  w.end_object();
  if (body_) request.body = std::move(body);
  return request;
}

CallRequest ExportRequestBuilder::for_detail(const DetailSpec& detail,
                                             const std::vector<std::string>& keys) const {
  CallRequest request;
  request.endpoint = detail.endpoint;
  request.scope_credential = scope_credential_;
  std::string joined;
  for (const auto& k : keys) {
    if (!joined.empty()) joined.push_back(',');
    joined += k;
  }
  request.query.emplace_back(detail.ids_param, std::move(joined));
  return request;
}

}  // namespace host::engine
