#include "engine/flows/run/flow_documents.hpp"

#include <algorithm>

namespace host::engine {

void read_flow_documents(const FlowManifest& flow, const FlowCatalog& catalog,
                         DocumentDownloadSpec& spec, std::vector<FlowProblem>& problems) {
  std::vector<std::string> found;
  parse_document_download(flow.documents_json, spec, found);
  // The same rule as the flow's output and input: relative to the manifest's folder.
  if (!spec.directory.empty()) spec.directory = resolve_manifest_path(flow.file, spec.directory);
  for (const std::string& text : found) {
    const size_t colon = text.find(": ");
    problems.push_back({text.substr(0, colon), text.substr(colon + 2)});
  }
  if (flow.kind != FlowKind::kExport) {
    problems.push_back({"/documents", "only export flows fetch documents"});
  }
  if (spec.endpoint.empty()) return;
  const EndpointSpec* endpoint = catalog.find_endpoint(spec.endpoint);
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

}  // namespace host::engine
