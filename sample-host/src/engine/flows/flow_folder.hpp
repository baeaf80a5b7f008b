// flow_folder.hpp: the flow manifests of a folder (`serve --flow-dir`), read strictly, for the
// front ends that work on a whole folder of flows (the scheduler, a console's flow list).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "engine/flows/flow_manifest.hpp"

namespace host::engine {

struct FlowFolder {
  std::vector<FlowManifest> flows;  // the usable manifests, by file name; paths absolute
  // One entry per *.json file that is not a usable flow manifest: its problems as
  // describe_problems prints them ("FILE: POINTER: MESSAGE" lines), or why it was not read.
  std::vector<std::string> refused;
};

// Reads every regular *.json file directly in `dir` (at most kMaxFlowManifestBytes each).
// A folder that cannot be listed gives one refused entry naming it. Never throws.
FlowFolder read_flow_folder(const std::filesystem::path& dir);

}  // namespace host::engine
