// Strict reading of flow manifests: every known key is type-checked, every unknown key is an
// error (a typo must not silently export the wrong thing).
#include "engine/flows/flow_manifest.hpp"

#include <functional>
#include <map>
#include <set>

#include <simdjson.h>
#include <json_writer/json_pointer.hpp>

namespace host::engine {
namespace {

using simdjson::dom::element;
using simdjson::dom::object;

struct Reader {
  static constexpr size_t kMaxTextBytes = kMaxFlowTextBytes;

  std::vector<FlowProblem>& problems;

  void problem(std::string field, std::string message) {
    problems.push_back({std::move(field), std::move(message)});
  }
  // A non-empty string of at most `max_bytes`. Too long a value is never echoed back: it may be
  // megabytes, and every problem ends up in a log.
  void text(element v, const std::string& field, std::string& out,
            size_t max_bytes = kMaxTextBytes) {
    std::string_view s;
    if (v.get(s) != simdjson::SUCCESS) return problem(field, "must be a string");
    if (s.empty()) return problem(field, "must not be empty");
    if (s.size() > max_bytes) {
      return problem(field, "is " + std::to_string(s.size()) + " bytes long; at most " +
                                std::to_string(max_bytes) + " are allowed");
    }
    out = std::string(s);
  }
  void integer(element v, const std::string& field, int64_t min, int64_t max, int64_t& out) {
    int64_t n = 0;
    if (v.get(n) != simdjson::SUCCESS) return problem(field, "must be an integer");
    if (n < min || n > max) {
      return problem(field, "must be between " + std::to_string(min) + " and " +
                                std::to_string(max) + ", not " + std::to_string(n));
    }
    out = n;
  }
};

using FieldFn = std::function<void(element)>;

// A key as a JSON pointer token (RFC 6901: "~" is "~0", "/" is "~1"), cut short when it is long.
std::string short_pointer_token(std::string_view key) {
  constexpr size_t kMaxKeyBytes = 64;
  std::string out = jsonw::pointer_token(key.substr(0, kMaxKeyBytes));
  if (key.size() > kMaxKeyBytes) out += "...";
  return out;
}

// Dispatches each key of `o` to its reader; unknown, repeated and missing required keys are
// problems. A repeated key is refused because JSON readers disagree on which copy wins: the one
// a person reads may not be the one that runs.
void read_object(Reader& r, object o, const std::string& at,
                 const std::map<std::string, FieldFn, std::less<>>& fields,
                 std::initializer_list<std::string_view> required) {
  std::set<std::string_view> seen;
  for (auto [key, value] : o) {
    const std::string pointer = at + "/" + short_pointer_token(key);
    if (!seen.insert(key).second) {
      r.problem(pointer, "duplicate key (it appears earlier in the same object)");
      continue;
    }
    auto it = fields.find(key);
    if (it == fields.end()) {
      r.problem(pointer, "unknown key");
      continue;
    }
    it->second(value);
  }
  for (std::string_view key : required) {
    element ignored;
    if (o[key].get(ignored) != simdjson::SUCCESS) {
      r.problem(at + "/" + std::string(key), "is required");
    }
  }
}

void read_window(Reader& r, element v, FlowWindow& w) {
  object o;
  if (v.get(o) != simdjson::SUCCESS) return r.problem("/window", "must be an object");
  constexpr int64_t kMaxSeconds = int64_t{1} << 40;
  constexpr int64_t kMaxLagSeconds = int64_t{30} * 86400;
  const std::map<std::string, FieldFn, std::less<>> fields = {
      {"field",
       [&](element e) {
         r.text(e, "/window/field", w.field);
         if (w.field != "update" && w.field != "create") {
           r.problem("/window/field", "must be \"update\" or \"create\"");
         }
       }},
      {"start", [&](element e) { r.integer(e, "/window/start", 0, kMaxSeconds, w.start); }},
      {"lookback_seconds",
       [&](element e) {
         r.integer(e, "/window/lookback_seconds", 1, kMaxSeconds, w.lookback_seconds);
       }},
      {"lag_seconds",
       [&](element e) { r.integer(e, "/window/lag_seconds", 0, kMaxLagSeconds, w.lag_seconds); }},
      {"slice_seconds",
       [&](element e) { r.integer(e, "/window/slice_seconds", 1, kMaxSeconds, w.slice_seconds); }},
  };
  read_object(r, o, "/window", fields, {});
}

// "schedule": {"every_seconds": N} or {"cron": "m h dom mon dow"}, with "jitter_seconds" and
// "mode". The kind-dependent checks (no listener, no mode for imports) follow in the caller.
void read_schedule(Reader& r, element v, std::optional<FlowSchedule>& out) {
  object o;
  if (v.get(o) != simdjson::SUCCESS) return r.problem("/schedule", "must be an object");
  FlowSchedule schedule;
  bool jitter_given = false;
  const size_t problems_before = r.problems.size();
  const std::map<std::string, FieldFn, std::less<>> fields = {
      {"every_seconds",
       [&](element e) {
         r.integer(e, "/schedule/every_seconds", kMinScheduleSeconds, kMaxScheduleSeconds,
                   schedule.every_seconds);
       }},
      {"cron",
       [&](element e) {
         r.text(e, "/schedule/cron", schedule.cron_text);
         if (schedule.cron_text.empty()) return;
         std::string error;
         if (auto cron = parse_cron(schedule.cron_text, error)) {
           schedule.cron = *cron;
         } else {
           r.problem("/schedule/cron", error);
         }
       }},
      {"jitter_seconds",
       [&](element e) {
         jitter_given = true;
         r.integer(e, "/schedule/jitter_seconds", 0, kMaxJitterSeconds, schedule.jitter_seconds);
       }},
      {"mode",
       [&](element e) {
         std::string mode;
         r.text(e, "/schedule/mode", mode);
         if (mode == "all") {
           schedule.mode = ScheduleMode::kAll;
         } else if (mode != "delta" && !mode.empty()) {
           r.problem("/schedule/mode", "must be \"delta\" or \"all\", not \"" + mode + "\"");
         }
       }},
  };
  read_object(r, o, "/schedule", fields, {});
  const bool interval = o["every_seconds"].error() == simdjson::SUCCESS;
  const bool cron = o["cron"].error() == simdjson::SUCCESS;
  if (interval == cron) {
    r.problem("/schedule", "must hold exactly one of \"every_seconds\" and \"cron\"");
  }
  if (r.problems.size() != problems_before) return;
  if (!jitter_given) schedule.jitter_seconds = default_jitter_seconds(schedule);
  out = std::move(schedule);
}

}  // namespace

std::filesystem::path resolve_manifest_path(const std::filesystem::path& manifest,
                                            const std::filesystem::path& path) {
  if (path.empty() || path.is_absolute()) return path;
  return (std::filesystem::absolute(manifest).parent_path() / path).lexically_normal();
}

bool is_safe_flow_name(std::string_view name) {
  if (name.empty() || name.size() > kMaxFlowNameBytes) return false;
  auto alnum = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  };
  if (!alnum(name.front())) return false;
  for (char c : name) {
    if (!alnum(c) && c != '.' && c != '_' && c != '-') return false;
  }
  return true;
}

bool is_valid_table_name(std::string_view name) {
  if (name.empty() || name.size() > 63 || name[0] < 'a' || name[0] > 'z') return false;
  for (const char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

FlowManifest parse_flow_manifest(const std::filesystem::path& file, std::string_view text,
                                 std::vector<FlowProblem>& problems) {
  FlowManifest flow;
  flow.file = file;
  Reader r{problems};
  simdjson::dom::parser parser;
  object root;
  if (auto err = parser.parse(text.data(), text.size()).get(root); err) {
    r.problem("", std::string("not a JSON object (") + simdjson::error_message(err) + ")");
    return flow;
  }
  std::string kind;
  std::string output;
  std::string input;
  const std::map<std::string, FieldFn, std::less<>> fields = {
      {"$schema", [](element) {}},
      {"description",
       [&](element e) {
         std::string ignored;
         r.text(e, "/description", ignored, kMaxFlowPathBytes);
       }},
      {"name",
       [&](element e) {
         r.text(e, "/name", flow.name, kMaxFlowNameBytes);
         if (!flow.name.empty() && !is_safe_flow_name(flow.name)) {
           flow.name.clear();
           r.problem("/name",
                     "may hold only letters, digits, '.', '_' and '-', starting with a "
                     "letter or digit");
         }
       }},
      {"connection", [&](element e) { r.text(e, "/connection", flow.connection); }},
      {"kind", [&](element e) { r.text(e, "/kind", kind); }},
      {"resource", [&](element e) { r.text(e, "/resource", flow.resource); }},
      {"shop", [&](element e) { r.text(e, "/shop", flow.shop); }},
      {"filters",
       [&](element e) {
         if (!e.is_object()) return r.problem("/filters", "must be an object");
         std::string minified = simdjson::minify(e);
         if (minified.size() > kMaxFiltersBytes) {
           return r.problem("/filters", "is " + std::to_string(minified.size()) +
                                            " bytes minified; at most " +
                                            std::to_string(kMaxFiltersBytes) + " are allowed");
         }
         flow.filters_json = std::move(minified);
       }},
      {"page_size", [&](element e) { r.integer(e, "/page_size", 1, 100000, flow.page_size); }},
      {"window", [&](element e) { read_window(r, e, flow.window); }},
      {"concurrency", [&](element e) { r.integer(e, "/concurrency", 1, 64, flow.concurrency); }},
      {"rate_limit_per_second",
       [&](element e) {
         double rate = 0;
         if (e.get(rate) != simdjson::SUCCESS || rate <= 0 || rate > 10000) {
           return r.problem("/rate_limit_per_second", "must be a number in (0, 10000]");
         }
         flow.rate_limit_per_second = rate;
       }},
      {"max_attempts",
       [&](element e) { r.integer(e, "/max_attempts", 1, 100, flow.max_attempts); }},
      {"output", [&](element e) { r.text(e, "/output", output, kMaxFlowPathBytes); }},
      {"output_table",
       [&](element e) {
         r.text(e, "/output_table", flow.output_table);
         if (!flow.output_table.empty() && !is_valid_table_name(flow.output_table)) {
           flow.output_table.clear();
           r.problem("/output_table",
                     "must be 1-63 of a-z, 0-9 and '_', starting with a letter (a table name "
                     "both databases take as it is)");
         }
       }},
      {"documents",
       [&](element e) {
         if (!e.is_object()) return r.problem("/documents", "must be an object");
         flow.documents_json = simdjson::minify(e);
       }},
      {"input", [&](element e) { r.text(e, "/input", input, kMaxFlowPathBytes); }},
      {"schedule", [&](element e) { read_schedule(r, e, flow.schedule); }},
      {"endpoint", [&](element e) { r.text(e, "/endpoint", flow.endpoint); }},
      {"idempotency_key",
       [&](element e) {
         r.text(e, "/idempotency_key", flow.idempotency_key);
         if (!flow.idempotency_key.empty() && flow.idempotency_key[0] != '/') {
           r.problem("/idempotency_key", "must be a JSON pointer starting with '/'");
         }
       }},
  };
  read_object(r, root, "", fields, {"name", "connection", "kind"});
  flow.output = resolve_manifest_path(file, output);
  flow.input = resolve_manifest_path(file, input);
  if (kind == "export" || kind == "import") {
    for (const char* field : {"resource", "shop"}) {
      if (root[field].error()) r.problem(std::string("/") + field, "is required");
    }
  }
  if (kind == "export") {
    flow.kind = FlowKind::kExport;
    const bool to_table = !root["output_table"].error();
    if (flow.output.empty() && !to_table) {
      r.problem("/output", "is required for an export (or /output_table)");
    }
    if (!flow.output.empty() && to_table) {
      r.problem("/output_table", "and /output are two destinations; give one of them");
    }
    if (to_table && !flow.documents_json.empty()) {
      r.problem("/documents", "are saved from an output file's records; not with /output_table");
    }
  } else if (kind == "import") {
    flow.kind = FlowKind::kImport;
    if (flow.input.empty()) r.problem("/input", "is required for an import");
  } else if (kind == "listener") {
    flow.kind = FlowKind::kListener;
    if (flow.output.empty()) r.problem("/output", "is required for a listener");
    for (const char* field : {"resource", "shop", "input", "endpoint", "window", "filters",
                              "schedule", "output_table"}) {
      if (!root[field].error()) {
        r.problem(std::string("/") + field, "does not apply to a listener flow");
      }
    }
  } else if (!kind.empty()) {
    r.problem("/kind", "must be \"export\", \"import\" or \"listener\", not \"" + kind + "\"");
  }
  if (flow.kind == FlowKind::kImport && !root.at_pointer("/schedule/mode").error()) {
    r.problem("/schedule/mode", "applies to exports only (an import reads its whole input)");
  }
  return flow;
}

void validate_flow_against_catalog(const FlowManifest& flow, const FlowCatalog& catalog,
                                   std::vector<FlowProblem>& problems) {
  const ResourceSpec* resource = catalog.find_resource(flow.resource);
  if (resource == nullptr) {
    std::string known;
    for (const auto& r : catalog.resources) known += (known.empty() ? "" : ", ") + r.id;
    problems.push_back({"/resource", "unknown resource \"" + flow.resource +
                                         "\" (the connector "
                                         "has: " +
                                         known + ")"});
    return;
  }
  const EndpointSpec* endpoint = nullptr;
  if (flow.kind == FlowKind::kExport) {
    if (!flow.endpoint.empty()) problems.push_back({"/endpoint", "only imports name an endpoint"});
    if (resource->export_endpoint.empty()) {
      problems.push_back({"/resource", "resource \"" + flow.resource + "\" cannot be exported"});
      return;
    }
    endpoint = catalog.find_endpoint(resource->export_endpoint);
  } else {
    if (resource->imports.empty()) {
      problems.push_back({"/resource", "resource \"" + flow.resource + "\" takes no imports"});
      return;
    }
    std::string id = flow.endpoint;
    if (id.empty() && resource->imports.size() == 1) id = resource->imports.front();
    bool listed = false;
    for (const auto& i : resource->imports) listed = listed || i == id;
    if (!listed) {
      std::string known;
      for (const auto& i : resource->imports) known += (known.empty() ? "" : ", ") + i;
      problems.push_back(
          {"/endpoint",
           (id.empty() ? std::string("is required") : "unknown endpoint \"" + id + "\"") +
               " (resource \"" + flow.resource + "\" imports through: " + known + ")"});
      return;
    }
    endpoint = catalog.find_endpoint(id);
    if (endpoint != nullptr && !endpoint->import) {
      problems.push_back({"/endpoint", "endpoint \"" + id + "\" is not an import endpoint"});
      return;
    }
  }
  if (endpoint == nullptr) {
    problems.push_back({"/resource", "the connector's catalog lacks the resource's endpoint"});
    return;
  }
  if (flow.page_size != 0) {
    if (!endpoint->paging) {
      problems.push_back({"/page_size", "endpoint \"" + endpoint->id + "\" is not paged"});
    } else if (flow.page_size < endpoint->paging->min_size ||
               flow.page_size > endpoint->paging->max_size) {
      problems.push_back({"/page_size", "must be between " +
                                            std::to_string(endpoint->paging->min_size) + " and " +
                                            std::to_string(endpoint->paging->max_size) +
                                            " for endpoint \"" + endpoint->id + "\""});
    }
  }
  if (flow.kind == FlowKind::kExport && endpoint->incremental) {
    const auto& inc = *endpoint->incremental;
    const bool supported =
        flow.window.field == "update" ? inc.update.has_value() : inc.create.has_value();
    if (!supported) {
      problems.push_back({"/window/field", "endpoint \"" + endpoint->id + "\" cannot filter on " +
                                               flow.window.field + " time"});
    }
  }
}

const EndpointSpec& flow_endpoint(const FlowManifest& flow, const FlowCatalog& catalog) {
  const ResourceSpec& resource = *catalog.find_resource(flow.resource);
  if (flow.kind == FlowKind::kExport) return *catalog.find_endpoint(resource.export_endpoint);
  return *catalog.find_endpoint(flow.endpoint.empty() ? resource.imports.front() : flow.endpoint);
}

}  // namespace host::engine
