// file_contents.hpp: read and write whole files for test fixtures.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace test_support {

// The bytes of `path`; "" when it cannot be read.
std::string file_bytes(const std::filesystem::path& path);

// The lines of the text file at `path`, without their newlines; none when it cannot be read.
std::vector<std::string> file_lines(const std::filesystem::path& path);

// Writes `content` to `path` (binary, truncating); returns `path`.
std::filesystem::path write_file(const std::filesystem::path& path, const std::string& content);

}  // namespace test_support
