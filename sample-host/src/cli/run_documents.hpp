// run_documents.hpp: the "documents" step of an export flow (engine/document_download.hpp): after
// the export, fetch the file each exported record points at.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "engine/flows/export/document_download.hpp"
#include "engine/flows/flow_catalog.hpp"
#include "engine/flows/flow_manifest.hpp"

namespace host::cli {

// Reads flow.documents_json and checks it against the catalog (the endpoint exists, is not an
// import, and has the named path parameter). Problems are appended under /documents.
void read_flow_documents(const engine::FlowManifest& flow, const engine::FlowCatalog& catalog,
                         engine::DocumentDownloadSpec& spec,
                         std::vector<engine::FlowProblem>& problems);

// Downloads the documents of the records in `records_file`, prints a summary line, and returns
// kExitOk, or kExitFailed when any record's document could not be saved.
int run_flow_documents(const engine::DocumentDownloadSpec& spec,
                       const std::filesystem::path& records_file, engine::RemoteCaller& caller,
                       http::Client& http, const std::string& credential);

}  // namespace host::cli
