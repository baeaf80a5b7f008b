// `connector-host airbyte --connector ID spec|check|discover|read ...`: the connector as an
// Airbyte source (protocol v0, sync_protocols/airbyte_source.hpp). stdout carries protocol
// messages only; logs go to stderr.
#include <iostream>
#include <span>
#include <string>
#include <vector>

#include "cli/command.hpp"
#include "sync_protocols/airbyte_source.hpp"

namespace host::cli {

int airbyte_command(const GlobalOptions& options, std::span<const std::string> args) {
  sync::AirbyteRequest request;
  request.paths = options;
  std::string verb_word;
  std::vector<std::string> rest;
  const OptionTable outer{
      .command = "connector-host airbyte",
      .operands =
          {{.name = "COMMAND",
            .help = "spec, check, discover or read",
            .set = set_text(&verb_word)},
           {.name = "ARGS", .required = false, .repeated = true, .set = append_text(&rest)}},
      .options = {required(text_option("--connector", "ID", "the connector's id (see `connectors`)",
                                       &request.connector))},
      .summary =
          "Runs a connector as an Airbyte source (protocol v0): one JSON message per line "
          "on stdout, logs on stderr. There is no host state: the connection is built "
          "from --config in a private temporary state directory, removed at exit.",
      .details =
          "Commands:\n"
          "  spec: the connection specification (every secret marked airbyte_secret)\n"
          "  check --config FILE: lists the shops the config's tokens cover\n"
          "  discover --config FILE: the streams, their schemas, sync modes, cursor and "
          "primary key\n"
          "  read --config FILE --catalog FILE [--state FILE]: the configured streams; a "
          "STATE message (a cursor per shop) follows every slice's records, and a refresh "
          "that rotates the refresh token is followed by CONTROL CONNECTOR_CONFIG\n"
          "exit codes: 0 success, 1 the work failed (after a TRACE ERROR message), 2 bad "
          "usage",
      .options_end_at_first_operand = true};
  if (const auto stop = parse_command_line(outer, args)) return *stop;

  const Option config =
      required(path_option("--config", "FILE", "the source config (see spec)", &request.config));
  const VerbTable verbs{
      .command = "connector-host airbyte --connector " + request.connector,
      .verbs = {
          {"spec", "print the connection specification", {}},
          {"check", "check the config: list the shops", {.options = {config}}},
          {"discover", "print the catalog of streams", {.options = {config}}},
          {"read",
           "read the configured streams",
           {.options = {
                config,
                required(path_option("--catalog", "FILE", "the ConfiguredAirbyteCatalog",
                                     &request.catalog)),
                path_option("--state", "FILE", "the per-stream state messages of an earlier read",
                            &request.state)}}}}};
  std::vector<std::string> verb_args{verb_word};
  verb_args.insert(verb_args.end(), rest.begin(), rest.end());
  size_t verb = 0;
  if (const auto stop = parse_command_line(verbs, verb_args, &verb)) return *stop;
  const std::string_view chosen = verbs.verbs[verb].name;
  if (chosen == "spec") return sync::airbyte_spec(request, std::cout);
  if (chosen == "check") return sync::airbyte_check(request, std::cout);
  if (chosen == "discover") return sync::airbyte_discover(request, std::cout);
  return sync::airbyte_read(request, std::cout);
}

}  // namespace host::cli
