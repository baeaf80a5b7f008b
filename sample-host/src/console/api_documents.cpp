#include "console/api_documents.hpp"

#include <json_writer/json_writer.hpp>

#include "console/console_http.hpp"

namespace host::console {

std::optional<http::OutgoingResponse> parse_document(const std::string& body,
                                                     engine::ManifestDocument& doc) {
  try {
    engine::parse_manifest_document(body, kRequestBodyLabel, doc);
  } catch (const engine::ManifestError& e) {
    return refused_document(e);
  }
  return std::nullopt;
}

http::OutgoingResponse refused_document(const engine::ManifestError& error) {
  const size_t count = error.problems().size();
  return problems_response(
      std::to_string(count) + (count == 1 ? " field needs" : " fields need") + " attention",
      error.problems());
}

std::string body_named(const std::string& body, const std::string& name,
                       std::optional<http::OutgoingResponse>* refusal) {
  engine::ManifestDocument doc;
  if (auto bad = parse_document(body, doc)) {
    *refusal = std::move(bad);
    return {};
  }
  std::string_view given;
  const auto member = doc.root["name"];
  if (member.error() == simdjson::SUCCESS) {
    if (member.get_string().get(given) != simdjson::SUCCESS || given != name) {
      *refusal = problems_response(
          "the name in the body differs from the one in the URL",
          {{"/name", "must be " + name + " (renaming is not supported: create a new one)"}});
    }
    return body;
  }
  // Put the URL's name in front of the other members.
  const size_t brace = body.find('{');
  std::string named = body;
  std::string insert = "\"name\":";
  jsonw::append_quoted(insert, name);
  const bool empty_object = doc.root.size() == 0;
  named.insert(brace + 1, insert + (empty_object ? "" : ","));
  return named;
}

}  // namespace host::console
