#include "engine/flows/flow_file_identity.hpp"

#include <sys/stat.h>

namespace host::engine {
namespace {

std::optional<std::pair<dev_t, ino_t>> identity(const std::filesystem::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return std::nullopt;
  return std::make_pair(st.st_dev, st.st_ino);
}

}  // namespace

std::optional<ReadFile> output_clash(const std::filesystem::path& output,
                                     const std::vector<ReadFile>& inputs) {
  const auto out = identity(output);
  if (!out) return std::nullopt;
  for (const ReadFile& input : inputs) {
    if (input.path.empty()) continue;
    if (identity(input.path) == out) return input;
  }
  return std::nullopt;
}

std::string describe_output_clash(const std::filesystem::path& output, const ReadFile& input) {
  std::string out = "the output " + output.string() + " is the same file as " + input.role + " " +
                    input.path.string();
  if (output != input.path) out += " (a link, or the same path written differently)";
  return out + "; writing it would destroy what the run reads: choose another output";
}

}  // namespace host::engine
