#include "manifest/manifest_problem.hpp"

namespace host::manifest {

std::string_view printed_location(std::string_view field) {
  return field.empty() ? kWholeDocument : field;
}

std::string describe_problem(const std::filesystem::path& file, const ManifestProblem& problem) {
  std::string line = file.string();
  line += ": ";
  line += printed_location(problem.field);
  line += ": ";
  line += problem.message;
  return line;
}

std::string describe_problems(const std::filesystem::path& file,
                              const std::vector<ManifestProblem>& problems) {
  std::string text;
  for (const auto& problem : problems) {
    if (!text.empty()) text += "\n";
    text += describe_problem(file, problem);
  }
  return text;
}

}  // namespace host::manifest
