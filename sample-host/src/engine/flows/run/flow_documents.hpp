// flow_documents.hpp: the "documents" member of an export flow (export/document_download.hpp),
// read and checked against the connector's catalog.
#pragma once

#include <vector>

#include "engine/flows/export/document_download.hpp"
#include "engine/flows/flow_catalog.hpp"
#include "engine/flows/flow_manifest.hpp"

namespace host::engine {

// Reads flow.documents_json into `spec` (its directory relative to the manifest's folder) and
// checks it against the catalog: the endpoint exists, is not an import, and has the named path
// parameter. Problems are appended under /documents.
void read_flow_documents(const FlowManifest& flow, const FlowCatalog& catalog,
                         DocumentDownloadSpec& spec, std::vector<FlowProblem>& problems);

}  // namespace host::engine
