// flow_file_identity.hpp: whether a run's output is one of the files it reads.
//
// Files are compared by what the kernel says they are (device and inode, through symlinks), not
// by their path strings: "./a", "a", a symlink to a and a hard link of a are all the same file.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace host::engine {

// A file a run reads, with what it is to the run ("the flow manifest", "the import input").
struct ReadFile {
  std::string role;
  std::filesystem::path path;
};

// The first of `inputs` that is the same file as `output`, or nullopt (also when `output` does
// not exist yet: a file created by the run cannot be one that existed before it).
std::optional<ReadFile> output_clash(const std::filesystem::path& output,
                                     const std::vector<ReadFile>& inputs);

// "OUTPUT is the same file as ROLE INPUT" and what to do about it, for an error message.
std::string describe_output_clash(const std::filesystem::path& output, const ReadFile& input);

}  // namespace host::engine
