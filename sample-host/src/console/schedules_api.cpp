// GET /api/v1/schedules: the scheduled flows of the console's flow folder as serve's scheduler
// runs them (engine/flows/schedule/schedule_status.hpp): each one's schedule, next fire and
// whether its connection pauses it.
#include <json_writer/json_writer.hpp>

#include "console/console_api.hpp"
#include "console/console_http.hpp"
#include "engine/flows/schedule/schedule_status.hpp"
#include "store/connection_tables.hpp"

namespace host::console {

std::optional<http::OutgoingResponse> schedules_api(const ConsoleContext& context,
                                                    const ApiRequest& request) {
  if (!route_is(request, "GET", {"schedules"})) return std::nullopt;
  std::string out;
  jsonw::Writer w(out);
  w.begin_array();
  for (const auto& status :
       engine::schedule_statuses(context.flow_dir, context.paths, store::unix_now())) {
    const engine::FlowSchedule& schedule = *status.flow.schedule;
    w.begin_object().field("flow", status.flow.name);
    w.field("file", status.flow.file.filename().string());
    w.field("connection", status.flow.connection);
    if (schedule.every_seconds > 0) {
      w.field("every_seconds", schedule.every_seconds).key("cron").null();
    } else {
      w.key("every_seconds").null().field("cron", schedule.cron_text);
    }
    w.field("jitter_seconds", schedule.jitter_seconds);
    w.field("mode", schedule.mode == engine::ScheduleMode::kAll ? "all" : "delta");
    w.field("next_fire_at", status.next_fire);
    w.field("paused", status.paused.has_value());
    if (status.paused) {
      w.field("paused_reason", *status.paused);
    } else {
      w.key("paused_reason").null();
    }
    w.end_object();
  }
  w.end_array();
  return json_response(200, std::move(out));
}

}  // namespace host::console
