// `connector-host webhooks list|set|delete|drain ...`: a shop's webhook subscriptions, managed
// through the connector's catalog (webhooks.list / webhooks.update / webhooks.delete), and the
// drain of the local webhook inbox to JSON Lines.
#include <iostream>
#include <map>
#include <memory>
#include <span>
#include <string>

#include <json_writer/json_writer.hpp>

#include "cli/command.hpp"
#include "engine/authorization/connection_session.hpp"
#include "engine/flows/flow_catalog.hpp"
#include "engine/flows/flow_session_caller.hpp"
#include "engine/calls/rate_limiter.hpp"
#include "engine/calls/retry_policy.hpp"
#include "loader/connector_description.hpp"
#include "log/log_sink.hpp"
#include "store/connection_tables.hpp"
#include "store/database.hpp"
#include "webhook/inbox_drain.hpp"

namespace host::cli {
namespace {

constexpr const char* kUsage =
    "usage: connector-host webhooks list   --connection NAME --shop SHOP\n"
    "       connector-host webhooks set    --connection NAME --shop SHOP --event-type T"
    " --address URL\n"
    "       connector-host webhooks delete --connection NAME --shop SHOP --event-type T\n"
    "       connector-host webhooks drain  --connection NAME --out PATH\n";

constexpr const char* kHelp =
    "list/set/delete manage a shop's webhook subscriptions at the remote application (SHOP is\n"
    "the shop id or cipher of an authorized shop; T e.g. ORDER_STATUS_CHANGE; URL the public\n"
    "HTTPS address that reaches `connector-host listen`). Token refreshes and retries with\n"
    "backoff happen as the connector classifies each answer.\n"
    "drain appends the connection's undelivered inbox events to PATH as JSON Lines (one event\n"
    "per line, with its event_id), fsyncs, then marks them delivered: a crash can repeat a line\n"
    "(same event_id), never lose one.\n";

// A few attempts: a person is waiting at the terminal.
constexpr engine::RetryPolicy kSubscriptionRetries{std::chrono::milliseconds(500),
                                                   std::chrono::milliseconds(5'000), 4};

// Flags after the subcommand word, "--name value" each. False (after printing why) on a flag
// outside `allowed` or one without a value.
bool parse_flags(std::span<const std::string> args, std::initializer_list<std::string_view> allowed,
                 std::map<std::string, std::string>& flags) {
  for (size_t i = 0; i < args.size(); ++i) {
    bool known = false;
    for (std::string_view a : allowed) known = known || args[i] == a;
    if (!known) {
      std::cerr << "connector-host webhooks: unknown option '" << args[i] << "'\n" << kUsage;
      return false;
    }
    if (i + 1 >= args.size()) {
      std::cerr << "connector-host webhooks: " << args[i] << " needs a value\n";
      return false;
    }
    flags[args[i]] = args[i + 1];
    ++i;
  }
  return true;
}

// The value of a required flag, or nullptr after printing that it is missing.
const std::string* required(const std::map<std::string, std::string>& flags,
                            const std::string& name) {
  const auto it = flags.find(name);
  if (it != flags.end() && !it->second.empty()) return &it->second;
  std::cerr << "connector-host webhooks: " << name << " is required\n" << kUsage;
  return nullptr;
}

int drain(const GlobalOptions& options, std::span<const std::string> args) {
  std::map<std::string, std::string> flags;
  if (!parse_flags(args, {"--connection", "--out"}, flags)) return kExitUsage;
  const std::string* connection = required(flags, "--connection");
  const std::string* out = connection ? required(flags, "--out") : nullptr;
  if (out == nullptr) return kExitUsage;
  auto db = store::Database::open(options.state_dir / store::kStateDatabaseFile);
  const webhook::DrainResult result = webhook::drain_inbox(*db, *connection, *out);
  std::cout << "drained " << result.events << " event" << (result.events == 1 ? "" : "s") << " of "
            << *connection << " to " << *out << "\n";
  return kExitOk;
}

// The JSON body of a subscription change: {"address":...,"event_type":...} (no address for
// delete).
std::string subscription_body(const std::string& event_type, const std::string* address) {
  std::string body;
  jsonw::Writer w(body);
  w.begin_object();
  if (address != nullptr) w.field("address", *address);
  w.field("event_type", event_type).end_object();
  return body;
}

int manage_subscriptions(const GlobalOptions& options, const std::string& action,
                         std::span<const std::string> args) {
  std::map<std::string, std::string> flags;
  if (!parse_flags(args, {"--connection", "--shop", "--event-type", "--address"}, flags)) {
    return kExitUsage;
  }
  const std::string* connection = required(flags, "--connection");
  const std::string* shop = connection ? required(flags, "--shop") : nullptr;
  if (shop == nullptr) return kExitUsage;
  engine::CallRequest request;
  const std::string* event_type = nullptr;
  const std::string* address = nullptr;
  if (action == "list") {
    request.endpoint = "webhooks.list";
  } else {
    if ((event_type = required(flags, "--event-type")) == nullptr) return kExitUsage;
    if (action == "set" && (address = required(flags, "--address")) == nullptr) return kExitUsage;
    request.endpoint = action == "set" ? "webhooks.update" : "webhooks.delete";
    request.body = subscription_body(*event_type, address);
  }
  log::configure(options.log_format == LogFormat::kJson ? log::Format::kJson : log::Format::kHuman);
  const std::unique_ptr<engine::ConnectionSession> session =
      engine::open_session(options, *connection);
  const std::optional<engine::AuthorizedScope> scope = session->find_scope(*shop);
  if (!scope) {
    std::cerr << "connector-host webhooks: connection " << *connection
              << " is not authorized for shop " << *shop << " (authorized:";
    for (const auto& s : session->scopes()) std::cerr << " " << s.id;
    std::cerr << ")\n";
    return kExitFailed;
  }
  request.scope_credential = scope->credential;
  // Paced as flows are: at the rate the connector publishes for the endpoint (no cap of ours).
  const auto description = loader::describe_connector(session->connector());
  if (!description.ok()) {
    std::cerr << "connector-host webhooks: " << description.error << "\n";
    return kExitFailed;
  }
  const engine::FlowCatalog catalog = engine::parse_flow_catalog(description.json);
  engine::RateLimiterRegistry limiters;
  engine::SessionRemoteCaller caller(*session,
                                     {&limiters, *connection + "/" + scope->id + "/", 0, &catalog},
                                     kSubscriptionRetries);
  const engine::CallResult result = caller.call(request);
  if (!result.ok()) {
    std::cerr << "connector-host webhooks " << action << ": " << result.describe() << "\n";
    return kExitFailed;
  }
  if (action == "list") {
    // One subscription per line, as the remote application describes it.
    for (size_t i = 0; i < result.records.size(); ++i) std::cout << result.record(i) << "\n";
    if (result.records.empty())
      std::cout << "no webhook subscriptions for shop " << scope->id << "\n";
  } else if (action == "set") {
    std::cout << "shop " << scope->id << ": " << *event_type << " -> " << *address << "\n";
  } else {
    std::cout << "shop " << scope->id << ": " << *event_type << " unsubscribed\n";
  }
  return kExitOk;
}

}  // namespace

int webhooks_command(const GlobalOptions& options, std::span<const std::string> args) {
  if (args.empty() || args[0] == "-h" || args[0] == "--help") {
    (args.empty() ? std::cerr : std::cout) << kUsage << "\n" << kHelp;
    return args.empty() ? kExitUsage : kExitOk;
  }
  const std::string& action = args[0];
  const std::span<const std::string> rest = args.subspan(1);
  if (action == "drain") return drain(options, rest);
  if (action == "list" || action == "set" || action == "delete") {
    return manage_subscriptions(options, action, rest);
  }
  std::cerr << "connector-host webhooks: unknown action '" << action << "'\n" << kUsage;
  return kExitUsage;
}

}  // namespace host::cli
