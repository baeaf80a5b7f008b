// router.hpp: finding the endpoint a path and method name, with TikTok's routing errors.
#pragma once

#include <span>
#include <string>
#include <variant>
#include <vector>

#include "handler_context.hpp"

namespace sandbox {

struct RouteMatch {
  const Route* route = nullptr;
  std::vector<std::string> path_params;
  std::string version;
};

// Every route the sandbox serves.
std::span<const Route> all_routes();

// Matches `method` + `path` against the routes. Literal segments win over {id} segments.
// Errors: no path matches -> 404/36009009; the path matches but not the method -> 405/36009010;
// a version the route does not serve (or retired, or outside a non-empty `accepted_versions`)
// -> 36009014.
std::variant<RouteMatch, ApiResponse> match_route(
    std::string_view method, std::string_view path,
    const std::vector<std::string>& accepted_versions);

}  // namespace sandbox
