// manifest_problem.hpp: what is wrong with a manifest, and how it is printed.
//
// Every manifest reader of the host (connector, connection, OAuth client and flow manifests)
// reports problems as ManifestProblem values, several per document so that a person fixes all in
// one go, and prints them with describe_problems: one "FILE: POINTER: MESSAGE" line each. The
// location is a JSON Pointer (RFC 6901, built with json_writer/json_pointer.hpp); the empty
// pointer, the whole document, is printed as "(document)" ("/" would be a real pointer: the member
// named "" of the root).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace host::manifest {

struct ManifestProblem {
  std::string field;    // JSON pointer into the manifest; "" for the whole document
  std::string message;  // what is wrong (never a secret's value), e.g. "is required"
};

// How the whole document (the pointer "") is named in printed problems.
inline constexpr std::string_view kWholeDocument = "(document)";

// `field` as printed: kWholeDocument for "", else the pointer itself.
std::string_view printed_location(std::string_view field);

// "FILE: POINTER: MESSAGE".
std::string describe_problem(const std::filesystem::path& file, const ManifestProblem& problem);

// One describe_problem line per problem, joined by "\n" (no trailing newline).
std::string describe_problems(const std::filesystem::path& file,
                              const std::vector<ManifestProblem>& problems);

}  // namespace host::manifest
