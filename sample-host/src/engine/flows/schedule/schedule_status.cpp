#include "engine/flows/schedule/schedule_status.hpp"

#include <set>

#include "engine/authorization/connection_report.hpp"
#include "engine/flows/schedule/fire_times.hpp"
#include "store/connection_store.hpp"
#include "store/connection_tables.hpp"
#include "store/token_store.hpp"

namespace host::engine {

std::vector<FlowManifest> scheduled_flows(const FlowFolder& folder,
                                          std::vector<std::string>& refused) {
  std::vector<FlowManifest> flows;
  std::set<std::string> names;
  for (const FlowManifest& flow : folder.flows) {
    if (!flow.schedule) continue;
    if (!names.insert(flow.name).second) {
      refused.push_back(flow.file.string() + ": /name: flow \"" + flow.name +
                        "\" is scheduled by an earlier file of the folder already; this one is "
                        "not scheduled");
      continue;
    }
    flows.push_back(flow);
  }
  return flows;
}

std::optional<std::string> schedule_pause_reason(store::Database& db, std::string_view connection,
                                                 int64_t now) {
  const auto record = store::find_connection(db, connection);
  if (!record) return std::nullopt;
  const auto tokens = store::read_token_summary(db, record->id);
  if (authorization_state(tokens, now) != "needs-reauthorization") return std::nullopt;
  const std::string why = tokens->needs_reauthorization && !tokens->reauthorization_reason.empty()
                              ? tokens->reauthorization_reason
                              : std::string("its refresh token expired");
  const std::string name(connection);
  return "connection " + name + " needs authorization again (" + why +
         "): its scheduled flows are paused until `connector-host authorize " + name + "` succeeds";
}

std::vector<ScheduleStatus> schedule_statuses(const std::filesystem::path& flow_dir,
                                              const HostPaths& paths, int64_t now) {
  std::vector<std::string> refused;
  std::vector<ScheduleStatus> statuses;
  const auto db = store::open_connection_state(paths.state());
  for (FlowManifest& flow : scheduled_flows(read_flow_folder(flow_dir), refused)) {
    ScheduleStatus status;
    status.next_fire = next_fire_time(*flow.schedule, flow.name, now);
    status.paused = schedule_pause_reason(*db, flow.connection, now);
    status.flow = std::move(flow);
    statuses.push_back(std::move(status));
  }
  return statuses;
}

}  // namespace host::engine
