// flow_folder.hpp: the flow manifests of the console's flow folder (`serve --flow-dir`), for
// the flows page, runs and the scopes a connection's flows need.
#pragma once

#include <filesystem>
#include <vector>

#include "engine/flows/flow_manifest.hpp"

namespace host::console {

// Every `*.json` in `dir` that reads as a flow manifest, in file-name order; files that are not
// usable flows (too large, unreadable, with problems) are left out. ERRORS: none (a missing
// folder holds no flows).
std::vector<engine::FlowManifest> read_flow_folder(const std::filesystem::path& dir);

}  // namespace host::console
