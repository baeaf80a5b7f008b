// document_download.hpp: files an exported record points at, fetched and kept next to an index.
//
// Some remote endpoints answer with a link to a document instead of the document (a shipping
// label, a packing slip). A flow's "documents" member names, as data, the endpoint to ask per
// exported record, which path parameter the record's key fills, the fixed query, and where the
// link is in the answer. Each file lands in the flow's directory as <key>.<extension>, and one
// JSON Lines index line per record says what was saved (or why not). A re-run skips records the
// index already holds a file for.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/calls/remote_call.hpp"
#include "http/http_client.hpp"

namespace host::engine {

struct DocumentDownloadSpec {
  std::string endpoint;            // catalog endpoint that answers with the link
  std::string path_param;          // its path parameter filled with each record's key
  std::string record_key = "/id";  // JSON pointer of the key in each exported record
  std::vector<std::pair<std::string, std::string>> query;  // fixed query parameters
  std::string url = "/url";         // JSON pointer of the link in the endpoint's record
  std::filesystem::path directory;  // files and index.jsonl
  std::string extension = "bin";
};

// Parses a flow's "documents" object (minified JSON). ERRORS: returns false and appends
// "<pointer>: <what>" to `problems` for each bad member (pointers are under /documents).
bool parse_document_download(std::string_view json, DocumentDownloadSpec& out,
                             std::vector<std::string>& problems);

struct DocumentDownloadResult {
  int64_t saved = 0;
  int64_t skipped = 0;  // already in the index
  int64_t failed = 0;
};

// Reads `records_file` (JSON Lines) and downloads each record's document. Failures of one record
// are written to the index and counted; they do not stop the others.
// ERRORS: throws std::runtime_error when the records file or the directory cannot be used.
DocumentDownloadResult run_document_download(const DocumentDownloadSpec& spec,
                                             const std::filesystem::path& records_file,
                                             const std::string& scope_credential,
                                             RemoteCaller& caller, http::Client& http);

}  // namespace host::engine
