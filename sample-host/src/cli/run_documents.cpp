#include "cli/run_documents.hpp"

#include <algorithm>
#include <iostream>

#include "cli/command.hpp"

namespace host::cli {

void read_flow_documents(const engine::FlowManifest& flow, const engine::FlowCatalog& catalog,
                         engine::DocumentDownloadSpec& spec,
                         std::vector<engine::FlowProblem>& problems) {
  std::vector<std::string> found;
  engine::parse_document_download(flow.documents_json, spec, found);
  // The same rule as the flow's output and input: relative to the manifest's folder.
  if (!spec.directory.empty()) {
    spec.directory = engine::resolve_manifest_path(flow.file, spec.directory);
  }
  for (const std::string& text : found) {
    const size_t colon = text.find(": ");
    problems.push_back({text.substr(0, colon), text.substr(colon + 2)});
  }
  if (flow.kind != engine::FlowKind::kExport) {
    problems.push_back({"/documents", "only export flows fetch documents"});
  }
  if (spec.endpoint.empty()) return;
  const engine::EndpointSpec* endpoint = catalog.find_endpoint(spec.endpoint);
  if (endpoint == nullptr) {
    problems.push_back({"/documents/endpoint", "unknown endpoint \"" + spec.endpoint + "\""});
    return;
  }
  if (endpoint->import) {
    problems.push_back({"/documents/endpoint", spec.endpoint + " is a write endpoint"});
  }
  const auto& params = endpoint->path_params;
  if (std::find(params.begin(), params.end(), spec.path_param) == params.end()) {
    problems.push_back({"/documents/path_param",
                        spec.endpoint + " has no path parameter \"" + spec.path_param + "\""});
  }
}

int run_flow_documents(const engine::DocumentDownloadSpec& spec,
                       const std::filesystem::path& records_file, engine::RemoteCaller& caller,
                       http::Client& http, const std::string& credential) {
  try {
    const auto result = engine::run_document_download(spec, records_file, credential, caller, http);
    std::cout << "documents: " << result.saved << " saved, " << result.skipped
              << " already saved, " << result.failed << " failed (index: "
              << (spec.directory / "index.jsonl").string() << ")\n";
    return result.failed == 0 ? kExitOk : kExitFailed;
  } catch (const std::exception& e) {
    std::cerr << "connector-host run: documents: " << e.what() << "\n";
    return kExitFailed;
  }
}

}  // namespace host::cli
