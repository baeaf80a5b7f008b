// version_drift.hpp: warnings for endpoint versions the remote side retires.
//
// A connector lists, per endpoint, the versions it knows are served and the day each is shut off
// (describe: endpoints.*.versions.served[].retires); a connection may pin any version
// (connection_describe: endpoint_versions). This finds the pinned versions that are retired, or
// retire within the warning horizon, so `connection test` and `run` can say so before calls fail.
#pragma once

#include <chrono>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include <connector_abi/connector_abi.h>

namespace host::engine {

struct VersionDrift {
  std::string endpoint;
  std::string version;
  std::string retires;   // "YYYY-MM-DD"
  bool retired = false;  // the day has come; otherwise it comes within the horizon
};

inline constexpr int kVersionDriftHorizonDays = 30;

// The effective versions (from `connection_describe_json`) that `describe_json` says are retired
// on or before `today` + `horizon_days`. Endpoints or dates it cannot read are skipped: a warning
// is advice, never a reason to fail. THREADING: pure.
std::vector<VersionDrift> find_version_drift(std::string_view describe_json,
                                             std::string_view connection_describe_json,
                                             std::chrono::sys_days today,
                                             int horizon_days = kVersionDriftHorizonDays);

// One line per drift: "warning: <endpoint> uses version V, which <connector> retires on D (in N
// days)|retired on D: set endpoint_versions ...".
std::string describe_version_drift(const VersionDrift& drift, std::chrono::sys_days today);

// Asks the connector for both documents and writes a warning line per drift to `out`. Returns
// how many it wrote. Never throws for a connector that cannot describe (it writes nothing).
size_t warn_version_drift(const cnx_connector_api& api, const cnx_connection* connection,
                          std::ostream& out);

}  // namespace host::engine
