// `connector-host sign --connection FILE --method METHOD --url URL [...]`: prints the exact request
// the connector would send, as one JSON object {"method","url","headers","body"}, so that a person
// can compare it byte for byte with what their own client sends. Nothing goes over the network.
//
// Promise: no secret is printed. Secrets reach the connector only through references in the
// manifests (and --access-token-env); a header or query value equal to any of them is printed as
// "********", and the command refuses to print a request that would still reveal one.
#include <openssl/evp.h>
#include <simdjson.h>

#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <json_writer/json_writer.hpp>
#include <text_codec/base64.hpp>
#include <text_codec/hex.hpp>
#include <text_codec/secret_mask.hpp>

#include "cli/command.hpp"
#include "engine/calls/connector_call.hpp"
#include "engine/connections/connection_manifest.hpp"
#include "engine/connections/connection_open_config.hpp"
#include "engine/connections/host_state.hpp"
#include "engine/connections/oauth_client_manifest.hpp"
#include "log/log_sink.hpp"
#include "store/connection_tables.hpp"

namespace host::cli {
namespace {

constexpr std::string_view kMask = textcodec::kSecretMask;

constexpr const char* kSummary =
    "Signs one request through the connector and prints it as one JSON object:\n"
    "  {\"method\": ..., \"url\": ..., \"headers\": {...}, \"body\": ...}\n"
    "The URL carries every query parameter the connector adds, the signature included. Nothing "
    "is sent. Compare it with the request your own client builds to find a signature mismatch.";

constexpr const char* kDetails =
    "Secrets are never printed: header and query values that equal one show as ********.\n"
    "exit codes: 0 printed, 1 the connector refused the request, 2 bad usage or bad manifest";

struct SignArgs {
  std::filesystem::path connection_file;
  std::filesystem::path oauth_client_file;
  std::string method;
  std::string url;
  std::optional<std::filesystem::path> body_file;
  std::string content_type;
  int64_t timestamp = 0;  // 0: the connector uses the clock
  std::string access_token_env;
  std::string shop;
  std::vector<std::pair<std::string, std::string>> query;
};

OptionSetter set_timestamp(int64_t* target) {
  return [target](const std::string& value) {
    if (!parse_whole_number(value, target) || *target <= 0) {
      return "takes Unix seconds (a positive integer), not '" + value + "'";
    }
    return std::string();
  };
}

OptionSetter add_query(std::vector<std::pair<std::string, std::string>>* target) {
  return [target](const std::string& value) {
    const size_t equals = value.find('=');
    if (equals == std::string::npos || equals == 0) return "takes KEY=VALUE, not '" + value + "'";
    target->emplace_back(value.substr(0, equals), value.substr(equals + 1));
    return std::string();
  };
}

OptionTable sign_table(SignArgs& out) {
  return {
      .command = "connector-host sign",
      .options =
          {required(
               path_option("--connection", "FILE",
                           "a connection manifest (secrets as {\"env\"} / {\"file\"} references)",
                           &out.connection_file)),
           required(
               text_option("--method", "METHOD", "GET, POST, PUT, DELETE or PATCH", &out.method)),
           required(text_option("--url", "URL",
                                "absolute URL, or /path?query (the connection's API host is used)",
                                &out.url)),
           value_option("--body-file", "FILE",
                        "the body, signed exactly as these bytes; printed as a JSON string, or "
                        "as \"body_base64\" (with \"body\": null) when it is not UTF-8",
                        [&out](const std::string& value) {
                          out.body_file = value;
                          return std::string();
                        }),
           text_option("--content-type", "TYPE",
                       "full media type (default: the connector's, application/json)",
                       &out.content_type),
           value_option("--timestamp", "SECONDS", "Unix seconds to sign with (default: now)",
                        set_timestamp(&out.timestamp)),
           path_option("--oauth-client", "FILE",
                       "the OAuth client manifest the connection names (default: the client "
                       "saved with `oauth-client save`, which needs the master key)",
                       &out.oauth_client_file),
           text_option("--access-token-env", "NAME",
                       "an access token from this environment variable (printed masked)",
                       &out.access_token_env),
           text_option("--shop", "CIPHER", "the shop credential for shop-scoped calls", &out.shop),
           {.name = "--query",
            .value_name = "KEY=VALUE",
            .help = "an extra query parameter, decoded value",
            .kind = OptionKind::kRepeated,
            .set = add_query(&out.query)}},
      .summary = kSummary,
      .details = kDetails};
}

int usage_error(const std::string& message) {
  SignArgs unused;
  std::cerr << "connector-host sign: " << message << "\n" << usage_line(sign_table(unused)) << "\n";
  return kExitUsage;
}

// The file's bytes, or nullopt when it cannot be read.
std::optional<std::string> read_file_bytes(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return std::nullopt;
  return bytes;
}

// Form-style decoding of one query component ('+' is a space; a bad escape stays as it is).
std::string percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const int high = i + 2 < text.size() ? textcodec::hex_digit_value(text[i + 1]) : -1;
    const int low = i + 2 < text.size() ? textcodec::hex_digit_value(text[i + 2]) : -1;
    if (text[i] == '%' && high >= 0 && low >= 0) {
      out.push_back(static_cast<char>(high * 16 + low));
      i += 2;
    } else {
      out.push_back(text[i] == '+' ? ' ' : text[i]);
    }
  }
  return out;
}

// The values the printed request must not show: every secret the manifests resolved and the
// access token. OWNERSHIP: views into SecretStrings that outlive the list.
using SecretList = std::vector<std::string_view>;

bool is_secret(std::string_view value, const SecretList& secrets) {
  for (std::string_view s : secrets) {
    // "Bearer <token>"-style values hide a secret behind a scheme word.
    if (!s.empty() && (value == s || (value.ends_with(s) && value.size() > s.size() &&
                                      value[value.size() - s.size() - 1] == ' '))) {
      return true;
    }
  }
  return false;
}

// The URL with each query value that decodes to a secret replaced by the mask.
std::string masked_url(std::string_view url, const SecretList& secrets) {
  const size_t question = url.find('?');
  if (question == std::string_view::npos) return std::string(url);
  const size_t hash = url.find('#', question);
  const std::string_view query = url.substr(question + 1, hash - question - 1);
  std::string out(url.substr(0, question + 1));
  size_t start = 0;
  while (start <= query.size()) {
    size_t amp = query.find('&', start);
    if (amp == std::string_view::npos) amp = query.size();
    const std::string_view pair = query.substr(start, amp - start);
    const size_t equals = pair.find('=');
    if (equals != std::string_view::npos &&
        is_secret(percent_decode(pair.substr(equals + 1)), secrets)) {
      out.append(pair.substr(0, equals + 1)).append(kMask);
    } else {
      out.append(pair);
    }
    if (amp < query.size()) out.push_back('&');
    start = amp + 1;
  }
  if (hash != std::string_view::npos) out.append(url.substr(hash));
  return out;
}

// Writes "method", "url" and "headers" into the open object, secrets masked.
void write_request_head(jsonw::Writer& w, const http::Request& request, const SecretList& secrets) {
  w.field("method", request.method);
  w.field("url", masked_url(request.url, secrets));
  w.key("headers").begin_object();
  for (const http::Header& header : request.headers) {
    w.field(header.name, is_secret(header.value, secrets) ? kMask : std::string_view(header.value));
  }
  w.end_object();
}

// Writes "body" (a JSON string, or null when there is none) into the open object; bytes that are
// not UTF-8 go to "body_base64" instead, with "body": null.
void write_body(jsonw::Writer& w, const std::optional<std::string>& body) {
  if (!body) {
    w.key("body").null();
  } else if (simdjson::validate_utf8(body->data(), body->size())) {
    w.field("body", *body);
  } else {
    w.key("body").null();
    w.field("body_base64", textcodec::to_base64(*body));
  }
}

// The OAuth client the connection names, from --oauth-client or else from the state store.
// ERRORS: throws ManifestError (exit 2); returns nullopt after printing why when the stored
// secrets do not decrypt (exit 1).
std::optional<store::OAuthClientInput> resolve_oauth_client(
    const GlobalOptions& options, const SignArgs& args, const engine::ConnectionManifest& manifest,
    const engine::SchemaLookup& lookup) {
  store::OAuthClientInput client;
  if (!args.oauth_client_file.empty()) {
    client = engine::read_oauth_client_manifest(args.oauth_client_file, lookup);
    if (client.name != manifest.oauth_client) {
      throw engine::ManifestError(
          manifest.file, {{"/oauth_client",
                           "names OAuth client " + manifest.oauth_client + " but --oauth-client " +
                               args.oauth_client_file.string() + " is " + client.name}});
    }
  } else {
    engine::HostState state(options);
    const auto record = store::find_oauth_client(state.db(), manifest.oauth_client);
    if (!record) {
      throw engine::ManifestError(
          manifest.file, {{"/oauth_client", "no OAuth client named " + manifest.oauth_client +
                                                " in the state store (save one with "
                                                "`connector-host oauth-client save`, or pass "
                                                "--oauth-client FILE)"}});
    }
    auto secrets =
        store::open_sealed_fields(state.db(), state.box(), store::kOAuthClientSecrets, record->id);
    if (!secrets) {
      std::cerr << "connector-host sign: "
                << engine::wrong_master_key_message("OAuth client " + record->name) << "\n";
      return std::nullopt;
    }
    client.name = record->name;
    client.connector = record->connector;
    client.fields_json = record->fields_json;
    client.secrets = std::move(*secrets);
  }
  if (client.connector != manifest.connector) {
    throw engine::ManifestError(
        manifest.file, {{"/connector", "OAuth client " + client.name + " belongs to connector " +
                                           client.connector + ", not " + manifest.connector}});
  }
  return client;
}

// Everything after argument parsing; ManifestError escapes to the caller (exit 2).
int sign(const GlobalOptions& options, const SignArgs& args) {
  std::optional<std::string> body;
  if (args.body_file) {
    body = read_file_bytes(*args.body_file);
    if (!body) return usage_error("--body-file " + args.body_file->string() + ": cannot read it");
  }
  store::SecretString access_token;
  if (!args.access_token_env.empty()) {
    std::string error;
    auto token = engine::resolve_secret_reference(
        {engine::SecretReference::Kind::kEnv, args.access_token_env}, {}, &error);
    if (!token) return usage_error("--access-token-env: " + error);
    access_token = std::move(*token);
  }

  // One load of the connector serves the manifest readers and the signing.
  std::shared_ptr<const loader::LoadedConnector> connector;
  engine::SchemaLookup lookup = [&](const std::string& id) {
    if (!connector || connector->manifest().id != id) {
      auto outcome = loader::load_by_id(options.manifest_dir, options.plugin_dir, id);
      if (!outcome.connector) throw std::runtime_error(outcome.error);
      connector = outcome.connector;
    }
    return engine::read_connection_schema_view(*connector);
  };
  engine::ConnectionManifest manifest =
      engine::read_connection_manifest(args.connection_file, lookup);
  auto client = resolve_oauth_client(options, args, manifest, lookup);
  if (!client) return kExitFailed;

  const auto view = engine::read_connection_schema_view(*connector);
  const store::SecretString config =
      engine::build_connector_config({manifest.name, client->fields_json, &client->secrets,
                                      manifest.settings_json, &manifest.secrets});
  cnx::ConnectionPtr handle;
  const cnx::Status opened =
      engine::open_connector_connection(connector, config, log::connector_host_services(), &handle);
  if (!opened.ok()) {
    throw engine::ManifestError(manifest.file,
                                engine::config_problems_for_manifest(opened, view, client->name));
  }

  engine::CallParts parts;
  parts.method = args.method;
  parts.url = args.url;
  parts.query = &args.query;
  if (body) parts.body = *body;
  parts.content_type = args.content_type;
  parts.access_token = access_token.view();
  parts.scope_credential = args.shop;
  parts.timestamp = args.timestamp;
  const engine::SignOutcome signed_call = engine::sign_call({connector, handle.get()}, parts);
  if (!signed_call.status.ok()) {
    std::cerr << "connector-host sign: the connector refused the request: "
              << signed_call.status.to_string() << "\n";
    return kExitFailed;
  }

  SecretList secrets = {access_token.view()};
  for (const auto& s : client->secrets) secrets.push_back(s.value.view());
  for (const auto& s : manifest.secrets) secrets.push_back(s.value.view());
  std::string json;
  jsonw::Writer w(json);
  w.begin_object();
  write_request_head(w, signed_call.request, secrets);
  // Belt and braces: whatever the connector put where, no secret leaves unmasked. (The body is
  // the user's own file and is printed as given.)
  for (std::string_view s : secrets) {
    if (s.size() >= 4 && json.find(s) != std::string::npos) {
      std::cerr << "connector-host sign: the signed request would reveal a secret; not printed\n";
      return kExitFailed;
    }
  }
  write_body(w, body);
  w.end_object();
  std::cout << json << "\n";
  return kExitOk;
}

}  // namespace

int sign_command(const GlobalOptions& options, std::span<const std::string> args) {
  SignArgs parsed;
  if (const auto stop = parse_command_line(sign_table(parsed), args)) return *stop;
  try {
    return sign(options, parsed);
  } catch (const engine::ManifestError& e) {
    std::cerr << e.what() << "\n";
    return kExitUsage;
  }
}

}  // namespace host::cli
