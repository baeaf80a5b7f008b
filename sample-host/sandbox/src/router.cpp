// router.cpp: path patterns and version checks (the table is in route_table.cpp).
#include "router.hpp"

#include <algorithm>
#include <optional>

namespace sandbox {
namespace {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  if (path.empty() || path.front() != '/') return out;
  path.remove_prefix(1);
  while (true) {
    const size_t slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

bool is_version(std::string_view s) {
  return s.size() == 6 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Matches one pattern; returns the number of literal segments or -1.
int match_pattern(const Route& route, const std::vector<std::string_view>& segments,
                  RouteMatch& out) {
  const auto pattern = split_path(route.pattern);
  if (pattern.size() != segments.size()) return -1;
  int literals = 0;
  RouteMatch m;
  m.route = &route;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == "{version}") {
      if (!is_version(segments[i])) return -1;
      m.version = segments[i];
    } else if (pattern[i] == "{id}") {
      if (segments[i].empty()) return -1;
      m.path_params.emplace_back(segments[i]);
    } else if (pattern[i] == segments[i]) {
      ++literals;
    } else {
      return -1;
    }
  }
  out = std::move(m);
  return literals;
}

// 36009014 unless `version` is one `route` serves (and, when the options restrict versions,
// one of those too). A retired version's message names the date TikTok shut it off.
std::optional<ApiResponse> check_version(const Route& route, const std::string& version,
                                         const std::vector<std::string>& accepted_versions) {
  constexpr std::string_view kMessage =
      "Invalid API version. The version value is invalid or unsupported: ";
  for (const auto& retired : route.retired)
    if (retired.version == version)
      return failure(
          404, codes::kInvalidVersion,
          std::string(kMessage) + version + " was retired on " + std::string(retired.since));
  const bool served =
      std::find(route.versions.begin(), route.versions.end(), version) != route.versions.end();
  const bool allowed = accepted_versions.empty() ||
                       std::find(accepted_versions.begin(), accepted_versions.end(), version) !=
                           accepted_versions.end();
  if (served && allowed) return std::nullopt;
  return failure(404, codes::kInvalidVersion, std::string(kMessage) + version);
}

}  // namespace

std::variant<RouteMatch, ApiResponse> match_route(
    std::string_view method, std::string_view path,
    const std::vector<std::string>& accepted_versions) {
  const auto segments = split_path(path);
  int best = -1;
  std::vector<RouteMatch> candidates;
  for (const Route& route : all_routes()) {
    RouteMatch m;
    const int literals = match_pattern(route, segments, m);
    if (literals < 0 || literals < best) continue;
    if (literals > best) candidates.clear();
    best = literals;
    candidates.push_back(std::move(m));
  }
  if (candidates.empty())
    return failure(404, codes::kUnknownPath,
                   "Invalid path. The specified path does not match any "
                   "available endpoint.");
  for (auto& m : candidates) {
    if (m.route->method != method) continue;
    if (!m.version.empty()) {
      if (auto refused = check_version(*m.route, m.version, accepted_versions)) return *refused;
    }
    return std::move(m);
  }
  return failure(405, codes::kWrongMethod,
                 "Invalid method. The HTTP method used is not supported by this endpoint.");
}

}  // namespace sandbox
