#include "engine/flows/flow_folder.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <system_error>

namespace host::engine {

FlowFolder read_flow_folder(const std::filesystem::path& dir) {
  FlowFolder folder;
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    std::error_code type_ec;
    if (entry.path().extension() == ".json" && entry.is_regular_file(type_ec)) {
      files.push_back(std::filesystem::absolute(entry.path()));
    }
  }
  if (ec) {
    folder.refused.push_back(dir.string() + ": cannot list the folder: " + ec.message());
    return folder;
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    const uintmax_t size = std::filesystem::file_size(file, ec);
    if (ec || size > kMaxFlowManifestBytes) {
      folder.refused.push_back(file.string() + ": " +
                               (ec ? "cannot read its size: " + ec.message()
                                   : "is " + std::to_string(size) +
                                         " bytes; a flow manifest is at most " +
                                         std::to_string(kMaxFlowManifestBytes)));
      continue;
    }
    std::ifstream in(file, std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<FlowProblem> problems;
    FlowManifest flow = parse_flow_manifest(file, text, problems);
    if (problems.empty()) {
      folder.flows.push_back(std::move(flow));
    } else {
      folder.refused.push_back(describe_problems(file, problems));
    }
  }
  return folder;
}

}  // namespace host::engine
