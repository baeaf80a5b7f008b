// `connector-host webhooks list|set|delete|drain ...`: a shop's webhook subscriptions, managed
// through the connector's catalog (webhooks.list / webhooks.update / webhooks.delete), and the
// drain of the local webhook inbox to JSON Lines.
#include <iostream>
#include <memory>
#include <span>
#include <string>

#include <json_writer/json_writer.hpp>

#include "cli/command.hpp"
#include "engine/authorization/connection_session.hpp"
#include "engine/calls/retry_policy.hpp"
#include "engine/flows/shop_call.hpp"
#include "store/connection_tables.hpp"
#include "store/database.hpp"
#include "webhook/inbox_drain.hpp"

namespace host::cli {
namespace {

constexpr const char* kDetails =
    "list/set/delete manage a shop's webhook subscriptions at the remote application. Token "
    "refreshes and retries with backoff happen as the connector classifies each answer.\n"
    "drain appends the connection's undelivered inbox events to PATH as JSON Lines (one event "
    "per line, with its event_id), fsyncs, then marks them delivered: a crash can repeat a line "
    "(same event_id), never lose one.";

// Every verb's flags land here; each verb's table names those it takes.
struct WebhooksArgs {
  std::string connection;
  std::string shop;
  std::string event_type;
  std::string address;
  std::string out;
};

VerbTable webhooks_table(WebhooksArgs& a) {
  const Option connection =
      required(text_option("--connection", "NAME", "the authorized connection", &a.connection));
  const Option shop = required(
      text_option("--shop", "SHOP", "the shop id or cipher of an authorized shop", &a.shop));
  const Option event_type = required(
      text_option("--event-type", "T", "the event type, e.g. ORDER_STATUS_CHANGE", &a.event_type));
  const Option address = required(
      text_option("--address", "URL",
                  "the public HTTPS address that reaches `connector-host listen`", &a.address));
  const Option out = required(
      text_option("--out", "PATH", "the JSON Lines file the events are appended to", &a.out));
  return {.command = "connector-host webhooks",
          .verbs = {{"list", "list a shop's subscriptions", {.options = {connection, shop}}},
                    {"set",
                     "subscribe a shop's events of type T to URL",
                     {.options = {connection, shop, event_type, address}}},
                    {"delete",
                     "unsubscribe a shop's events of type T",
                     {.options = {connection, shop, event_type}}},
                    {"drain",
                     "write the inbox's undelivered events to PATH",
                     {.options = {connection, out}}}},
          .details = kDetails};
}

// A few attempts: a person is waiting at the terminal.
constexpr engine::RetryPolicy kSubscriptionRetries{std::chrono::milliseconds(500),
                                                   std::chrono::milliseconds(5'000), 4};

int drain(const GlobalOptions& options, const WebhooksArgs& args) {
  auto db = store::Database::open(options.state());
  const webhook::DrainResult result = webhook::drain_inbox(*db, args.connection, args.out);
  std::cout << "drained " << result.events << " event" << (result.events == 1 ? "" : "s") << " of "
            << args.connection << " to " << args.out << "\n";
  return kExitOk;
}

// The JSON body of a subscription change: {"address":...,"event_type":...} (no address for
// delete: `address` is empty).
std::string subscription_body(const std::string& event_type, const std::string& address) {
  std::string body;
  jsonw::Writer w(body);
  w.begin_object();
  if (!address.empty()) w.field("address", address);
  w.field("event_type", event_type).end_object();
  return body;
}

int manage_subscriptions(const GlobalOptions& options, std::string_view action,
                         const WebhooksArgs& args) {
  engine::CallRequest request;
  if (action == "list") {
    request.endpoint = "webhooks.list";
  } else {
    request.endpoint = action == "set" ? "webhooks.update" : "webhooks.delete";
    request.body = subscription_body(args.event_type, args.address);
  }
  const std::unique_ptr<engine::ConnectionSession> session =
      engine::open_session(options, args.connection);
  const engine::ShopCall call =
      engine::call_for_shop(*session, args.shop, std::move(request), kSubscriptionRetries);
  if (!call.refused.empty()) {
    std::cerr << "connector-host webhooks: " << call.refused << "\n";
    return kExitFailed;
  }
  const engine::CallResult& result = call.result;
  const engine::AuthorizedScope* scope = &call.scope;
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
    std::cout << "shop " << scope->id << ": " << args.event_type << " -> " << args.address << "\n";
  } else {
    std::cout << "shop " << scope->id << ": " << args.event_type << " unsubscribed\n";
  }
  return kExitOk;
}

}  // namespace

int webhooks_command(const GlobalOptions& options, std::span<const std::string> args) {
  WebhooksArgs parsed;
  const VerbTable table = webhooks_table(parsed);
  size_t verb = 0;
  if (const auto stop = parse_command_line(table, args, &verb)) return *stop;
  const std::string_view action = table.verbs[verb].name;
  if (action == "drain") return drain(options, parsed);
  return manage_subscriptions(options, action, parsed);
}

}  // namespace host::cli
