// static_files.hpp: the console's pages, styles and scripts, served from the web folder as they
// are (no build chain). Only regular files inside the folder are served; names with "..", a
// backslash or a NUL never reach the file system.
#pragma once

#include <filesystem>
#include <optional>
#include <string_view>

#include "http/http_listener.hpp"

namespace host::console {

// The most a served file may hold.
inline constexpr size_t kMaxStaticFileBytes = 4u << 20;

// The file for URL path `path` ("/" is index.html) with its Content-Type, or nullopt when there
// is no such file.
std::optional<http::OutgoingResponse> static_file(const std::filesystem::path& web_dir,
                                                  std::string_view path);

}  // namespace host::console
