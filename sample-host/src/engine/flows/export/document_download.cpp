#include "engine/flows/export/document_download.hpp"

#include <fstream>
#include <optional>
#include <set>
#include <stdexcept>

#include <simdjson.h>
#include <json_writer/json_writer.hpp>

#include "engine/flows/jsonl_values.hpp"

namespace host::engine {
namespace {

// A key made safe as a file name: anything but [A-Za-z0-9._-] becomes '_'.
std::string file_stem(std::string_view key) {
  std::string out;
  for (char c : key) {
    const bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '.' || c == '_' || c == '-';
    out.push_back(safe ? c : '_');
  }
  if (out.empty() || out.front() == '.') out.insert(out.begin(), '_');
  return out;
}

// Keys the index already holds a saved file for.
std::set<std::string> saved_keys(const std::filesystem::path& index) {
  std::set<std::string> keys;
  std::ifstream in(index);
  std::string line;
  simdjson::dom::parser parser;
  while (std::getline(in, line)) {
    simdjson::dom::object entry;
    std::string_view key;
    std::string_view file;
    if (parser.parse(line).get(entry) == simdjson::SUCCESS &&
        entry["key"].get(key) == simdjson::SUCCESS &&
        entry["file"].get(file) == simdjson::SUCCESS) {
      keys.emplace(key);
    }
  }
  return keys;
}

std::string index_line(std::string_view key, std::string_view file, size_t bytes,
                       std::string_view sha256, std::string_view error) {
  std::string out;
  jsonw::Writer w(out);
  w.begin_object().field("key", key);
  if (error.empty()) {
    w.field("file", file).field("bytes", static_cast<int64_t>(bytes)).field("sha256", sha256);
  } else {
    w.field("error", error);
  }
  w.end_object();
  out.push_back('\n');
  return out;
}

}  // namespace

bool parse_document_download(std::string_view json, DocumentDownloadSpec& out,
                             std::vector<std::string>& problems) {
  const size_t before = problems.size();
  simdjson::dom::parser parser;
  simdjson::dom::object o;
  if (parser.parse(json.data(), json.size()).get(o) != simdjson::SUCCESS) {
    problems.push_back("/documents: must be an object");
    return false;
  }
  const auto text = [&](std::string_view key, std::string& into, bool required) {
    simdjson::dom::element value;
    if (o[key].get(value) != simdjson::SUCCESS) {
      if (required) problems.push_back("/documents/" + std::string(key) + ": is required");
      return;
    }
    std::string_view s;
    if (value.get(s) != simdjson::SUCCESS || s.empty()) {
      problems.push_back("/documents/" + std::string(key) + ": must be a non-empty string");
      return;
    }
    into = std::string(s);
  };
  std::string directory;
  text("endpoint", out.endpoint, true);
  text("path_param", out.path_param, true);
  text("record_key", out.record_key, false);
  text("url", out.url, false);
  text("directory", directory, true);
  text("extension", out.extension, false);
  out.directory = directory;
  for (const std::string* pointer : {&out.record_key, &out.url}) {
    if (!pointer->empty() && pointer->front() != '/') {
      problems.push_back("/documents: \"" + *pointer + "\" must be a JSON pointer (\"/field\")");
    }
  }
  simdjson::dom::element query_value;
  if (o["query"].get(query_value) == simdjson::SUCCESS) {
    simdjson::dom::object query;
    if (query_value.get(query) != simdjson::SUCCESS) {
      problems.push_back("/documents/query: must be an object of strings");
    } else {
      for (auto [k, v] : query) {
        std::string_view s;
        if (v.get(s) != simdjson::SUCCESS) {
          problems.push_back("/documents/query/" + std::string(k) + ": must be a string");
        } else {
          out.query.emplace_back(std::string(k), std::string(s));
        }
      }
    }
  }
  for (auto [k, v] : o) {
    static const std::set<std::string_view> known = {
        "endpoint", "path_param", "record_key", "query", "url", "directory", "extension"};
    if (!known.count(k)) problems.push_back("/documents/" + std::string(k) + ": unknown member");
  }
  return problems.size() == before;
}

DocumentDownloadResult run_document_download(const DocumentDownloadSpec& spec,
                                             const std::filesystem::path& records_file,
                                             const std::string& scope_credential,
                                             RemoteCaller& caller, http::Client& http) {
  std::ifstream records(records_file);
  if (!records) throw std::runtime_error("cannot read " + records_file.string());
  std::filesystem::create_directories(spec.directory);
  const std::filesystem::path index_path = spec.directory / "index.jsonl";
  const std::set<std::string> done = saved_keys(index_path);
  std::ofstream index(index_path, std::ios::app | std::ios::binary);
  if (!index) throw std::runtime_error("cannot append to " + index_path.string());

  DocumentDownloadResult result;
  std::set<std::string> seen;
  simdjson::dom::parser parser;
  std::string line;
  while (std::getline(records, line)) {
    if (line.empty()) continue;
    simdjson::dom::element record;
    simdjson::dom::element key_value;
    std::optional<std::string> key;
    if (parser.parse(line).get(record) == simdjson::SUCCESS &&
        record.at_pointer(spec.record_key).get(key_value) == simdjson::SUCCESS) {
      key = json_scalar_text(simdjson::minify(key_value));
    }
    if (!key || key->empty()) {
      ++result.failed;
      index << index_line("", "", 0, "", "a record has no value at " + spec.record_key);
      continue;
    }
    if (done.count(*key) || !seen.insert(*key).second) {
      ++result.skipped;
      continue;
    }
    CallRequest request{spec.endpoint, {{spec.path_param, *key}}, spec.query, "", scope_credential};
    const CallResult answer = caller.call(request);
    std::string error;
    std::string url;
    if (!answer.ok()) {
      error = answer.describe();
    } else if (answer.records.empty()) {
      error = spec.endpoint + " answered no record";
    } else {
      simdjson::dom::parser doc_parser;
      simdjson::dom::element doc;
      std::string_view link;
      if (doc_parser.parse(answer.record(0)).get(doc) != simdjson::SUCCESS ||
          doc.at_pointer(spec.url).get(link) != simdjson::SUCCESS || link.empty()) {
        error = spec.endpoint + " answered no link at " + spec.url;
      } else {
        url = std::string(link);
      }
    }
    std::string file;
    std::string sha;
    size_t bytes = 0;
    if (error.empty()) {
      http::Request get;
      get.method = "GET";
      get.url = url;
      const http::Response response = http.send(get);
      // The link itself is not logged: it may carry a time-limited signature.
      if (!response.ok()) {
        error = "the document download failed: " + response.error_message;
      } else if (response.status != 200) {
        error = "the document download answered HTTP " + std::to_string(response.status);
      } else {
        file = file_stem(*key) + "." + spec.extension;
        const std::filesystem::path target = spec.directory / file;
        const std::filesystem::path partial = target.string() + ".part";
        {
          std::ofstream out(partial, std::ios::binary | std::ios::trunc);
          out.write(response.body.data(), static_cast<std::streamsize>(response.body.size()));
          if (!out.flush()) throw std::runtime_error("cannot write " + partial.string());
        }
        std::filesystem::rename(partial, target);
        bytes = response.body.size();
        sha = sha256_hex(response.body);
      }
    }
    index << index_line(*key, file, bytes, sha, error);
    index.flush();
    if (error.empty()) {
      ++result.saved;
    } else {
      ++result.failed;
    }
  }
  return result;
}

}  // namespace host::engine
