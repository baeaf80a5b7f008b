#include "console/flow_folder.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <string>

namespace host::console {

std::vector<engine::FlowManifest> read_flow_folder(const std::filesystem::path& dir) {
  std::vector<engine::FlowManifest> flows;
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".json" && entry.is_regular_file(ec)) {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    if (std::filesystem::file_size(file, ec) > engine::kMaxFlowManifestBytes || ec) continue;
    std::ifstream in(file, std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<engine::FlowProblem> problems;
    engine::FlowManifest flow =
        engine::parse_flow_manifest(std::filesystem::absolute(file), text, problems);
    if (problems.empty()) flows.push_back(std::move(flow));
  }
  return flows;
}

}  // namespace host::console
