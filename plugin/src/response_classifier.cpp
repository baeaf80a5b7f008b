#include "response_classifier.hpp"

#include <string_view>

#include "json_input.hpp"
#include "kv_lookup.hpp"
#include "remote_error_codes.hpp"

namespace tts {
namespace {

namespace od = simdjson::ondemand;

std::string_view trim_json_space(std::string_view text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\n' ||
                           text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

// Locates records relative to the start of the padded copy, which mirrors the caller's body.
class RecordReader {
 public:
  RecordReader(const char* base, std::string_view key, std::vector<cnx_record>& out)
      : base_(base), key_(key), out_(out) {}

  simdjson::error_code read(od::value value) {
    od::json_type type;
    SIMDJSON_TRY(value.type().get(type));
    if (type == od::json_type::null) return simdjson::SUCCESS;
    if (type != od::json_type::array) return add(value);
    od::array array;
    SIMDJSON_TRY(value.get_array().get(array));
    for (auto element : array) {
      od::value item;
      SIMDJSON_TRY(element.get(item));
      SIMDJSON_TRY(add(item));
    }
    return simdjson::SUCCESS;
  }

 private:
  cnx_span span(std::string_view text) const {
    return cnx_span{static_cast<size_t>(text.data() - base_), text.size()};
  }

  simdjson::error_code add(od::value value) {
    od::json_type type;
    SIMDJSON_TRY(value.type().get(type));
    cnx_record record{};
    std::string_view raw;
    if (type == od::json_type::object) {
      od::object object;
      SIMDJSON_TRY(value.get_object().get(object));
      if (!key_.empty()) {
        od::value key_value;
        od::json_type key_type;
        if (object.find_field_unordered(key_).get(key_value) == simdjson::SUCCESS &&
            key_value.type().get(key_type) == simdjson::SUCCESS &&
            (key_type == od::json_type::string || key_type == od::json_type::number)) {
          record.key = span(trim_json_space(key_value.raw_json_token()));
        }
      }
      bool unused = false;
      SIMDJSON_TRY(object.reset().get(unused));
      SIMDJSON_TRY(object.raw_json().get(raw));
    } else if (type == od::json_type::array) {
      od::array array;
      SIMDJSON_TRY(value.get_array().get(array));
      SIMDJSON_TRY(array.raw_json().get(raw));
    } else {
      raw = value.raw_json_token();
    }
    record.json = span(trim_json_space(raw));
    out_.push_back(record);
    return simdjson::SUCCESS;
  }

  const char* base_;
  std::string_view key_;
  std::vector<cnx_record>& out_;
};

simdjson::error_code read_records(od::parser& parser, simdjson::padded_string_view padded,
                                  const EndpointSpec& spec, std::vector<cnx_record>& out) {
  od::document document;
  SIMDJSON_TRY(parser.iterate(padded).get(document));
  od::value value;
  const simdjson::error_code error = document.at_pointer(spec.records).get(value);
  if (error == simdjson::NO_SUCH_FIELD || error == simdjson::INCORRECT_TYPE) {
    return simdjson::SUCCESS;  // TikTok omits empty arrays (and data) on empty pages
  }
  if (error) return error;
  return RecordReader(padded.data(), spec.key, out).read(value);
}

void set_unreadable(Classification& out, const cnx_response& response, std::string_view why) {
  const RemoteVerdict verdict = verdict_for_unreadable_body(response.http_status);
  out.verdict = verdict.status;
  out.message = std::string(why) + ": " + std::string(verdict.advice) + " (HTTP " +
                std::to_string(response.http_status) + ").";
  out.retry_after_ms = retry_after_ms(response.headers, response.header_count);
}

void read_page(simdjson::dom::element root, const EndpointSpec& spec, Classification& out) {
  if (spec.paging == nullptr) return;
  std::string_view token;
  if (root.at_pointer(spec.paging->next_token).get_string().get(token) == simdjson::SUCCESS) {
    out.next_page_token = token;
  }
  int64_t total = 0;
  simdjson::dom::element total_element;
  if (!spec.paging->total.empty() &&
      root.at_pointer(spec.paging->total).get(total_element) == simdjson::SUCCESS &&
      read_int64(total_element, total)) {
    out.total_count = total;
  }
}

void read_item_errors(simdjson::dom::element root, const EndpointSpec& spec, Classification& out) {
  if (spec.import == nullptr || spec.import->item_errors.empty()) return;
  simdjson::dom::array errors;
  if (root.at_pointer(spec.import->item_errors).get_array().get(errors) == simdjson::SUCCESS &&
      errors.size() > 0) {
    out.item_errors_json = simdjson::minify(errors);
  }
}

}  // namespace

Classification classify_response(const EndpointSpec* endpoint, const cnx_response& response) {
  Classification out;
  if (response.http_status == 0) {
    set_unreadable(out, response, "The request failed before a response arrived");
    return out;
  }
  const std::string_view body = view(response.body);
  const ScratchLease scratch;
  const simdjson::padded_string_view padded = scratch->padded_copy(body);
  simdjson::dom::element root;
  simdjson::dom::object envelope;
  int64_t code = 0;
  if (scratch->dom.parse(padded.data(), body.size(), false).get(root) != simdjson::SUCCESS ||
      root.get_object().get(envelope) != simdjson::SUCCESS) {
    set_unreadable(out, response, "The response body is not valid JSON");
    return out;
  }
  simdjson::dom::element code_element;
  if (envelope.at_key("code").get(code_element) != simdjson::SUCCESS ||
      !read_int64(code_element, code)) {
    set_unreadable(out, response, "The response has no numeric \"code\"");
    return out;
  }
  std::string_view text;
  if (envelope.at_key("request_id").get_string().get(text) == simdjson::SUCCESS) {
    out.request_id = text;
  }
  std::string_view remote_message;
  if (envelope.at_key("message").get_string().get(remote_message) != simdjson::SUCCESS) {
    remote_message = {};
  }
  out.remote_code = code;
  const bool http_ok = response.http_status >= 200 && response.http_status <= 299;
  if (code != 0 || !http_ok) {
    const RemoteVerdict verdict =
        verdict_for_remote_code(code, response.http_status, remote_message);
    out.verdict = verdict.status;
    out.message = describe_remote_failure(verdict, code, remote_message);
    if (out.verdict == CNX_STATUS_RATE_LIMITED || out.verdict == CNX_STATUS_RETRY) {
      out.retry_after_ms = retry_after_ms(response.headers, response.header_count);
    }
    return out;
  }
  out.message = remote_message;
  if (endpoint == nullptr) return out;
  read_page(root, *endpoint, out);
  read_item_errors(root, *endpoint, out);
  if (!endpoint->records.empty() &&
      read_records(scratch->ondemand, padded, *endpoint, out.records)) {
    out.records.clear();
    out.next_page_token.clear();
    set_unreadable(out, response, "The records could not be read");
  }
  return out;
}

}  // namespace tts
