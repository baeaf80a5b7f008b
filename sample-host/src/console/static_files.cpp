#include "console/static_files.hpp"

#include <fstream>
#include <iterator>

namespace host::console {
namespace {

std::string_view content_type_for(const std::filesystem::path& file) {
  const std::string ext = file.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".json") return "application/json; charset=utf-8";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  return "application/octet-stream";
}

bool is_safe_relative(std::string_view path) {
  if (path.find('\\') != std::string_view::npos || path.find('\0') != std::string_view::npos) {
    return false;
  }
  for (const auto& part : std::filesystem::path(path)) {
    if (part == ".." || part == ".") return false;
  }
  return !path.empty() && path.front() != '/';
}

}  // namespace

std::optional<http::OutgoingResponse> static_file(const std::filesystem::path& web_dir,
                                                  std::string_view path) {
  if (path.empty() || path.front() != '/') return std::nullopt;
  std::string_view relative = path.substr(1);
  if (relative.empty()) relative = "index.html";
  if (!is_safe_relative(relative)) return std::nullopt;
  const std::filesystem::path file = web_dir / relative;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) return std::nullopt;
  const auto size = std::filesystem::file_size(file, ec);
  if (ec || size > kMaxStaticFileBytes) return std::nullopt;
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  http::OutgoingResponse response;
  response.body.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  response.headers.push_back({"Content-Type", std::string(content_type_for(file))});
  return response;
}

}  // namespace host::console
