// plain_http_settings.hpp: a connection's settings checked for plain http:// URLs to remote hosts
// when it is saved, so that the refusal comes with the manifest field rather than at the first
// request (the HTTP client refuses them too, for URLs a connector builds any other way).
#pragma once

#include <string_view>
#include <vector>

#include "engine/connections/connection_manifest_fields.hpp"

namespace host::engine {

// For every string setting in `settings_json` (a JSON object) that is a plain http:// URL to a
// host other than loopback: without `allowed`, a problem at /settings/NAME saying why and how to
// opt in; with it, a warning on the log naming the connection and the setting.
// ERRORS: returns the problems (the caller throws ManifestError); never throws for bad JSON
// (the settings were written by the manifest reader).
std::vector<ManifestProblem> plain_http_setting_problems(std::string_view connection_name,
                                                         std::string_view settings_json,
                                                         bool allowed);

}  // namespace host::engine
