// `connector-host sign --connection FILE --method METHOD --url URL [...]`: prints the exact request
// the connector would send, as one JSON object {"method","url","headers","body"}, so that a person
// can compare it byte for byte with what their own client sends. Nothing goes over the network.
//
// Promise: no secret is printed. Secrets reach the connector only through references in the
// manifests (and --access-token-env); a header or query value equal to any of them is printed as
// "********", and the command refuses to print a request that would still reveal one.
#include <openssl/evp.h>
#include <simdjson.h>

#include <charconv>
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

#include "cli/command.hpp"
#include "engine/connection_config.hpp"
#include "engine/connection_manifest.hpp"
#include "engine/connection_state.hpp"
#include "engine/oauth_client_manifest.hpp"
#include "log/log_sink.hpp"
#include "store/connection_tables.hpp"

namespace host::cli {
namespace {

constexpr const char* kMask = "********";

constexpr const char* kUsage =
    "usage: connector-host sign --connection FILE --method METHOD --url URL\n"
    "                           [--body-file FILE] [--content-type TYPE] [--timestamp SECONDS]\n"
    "                           [--oauth-client FILE] [--access-token-env NAME] [--shop CIPHER]\n"
    "                           [--query KEY=VALUE]...\n";

constexpr const char* kHelp =
    "Signs one request through the connector and prints it as one JSON object:\n"
    "  {\"method\": ..., \"url\": ..., \"headers\": {...}, \"body\": ...}\n"
    "The URL carries every query parameter the connector adds, the signature included. Nothing\n"
    "is sent. Compare it with the request your own client builds to find a signature mismatch.\n\n"
    "  --connection FILE       a connection manifest (secrets as {\"env\"} / {\"file\"} "
    "references)\n"
    "  --method METHOD         GET, POST, PUT, DELETE or PATCH\n"
    "  --url URL               absolute URL, or /path?query (the connection's API host is used)\n"
    "  --body-file FILE        the body, signed exactly as these bytes; printed as a JSON string,\n"
    "                          or as \"body_base64\" (with \"body\": null) when it is not UTF-8\n"
    "  --content-type TYPE     full media type (default: the connector's, application/json)\n"
    "  --timestamp SECONDS     Unix seconds to sign with (default: now)\n"
    "  --oauth-client FILE     the OAuth client manifest the connection names (default: the\n"
    "                          client saved with `oauth-client save`, which needs the master key)\n"
    "  --access-token-env NAME an access token from this environment variable (printed masked)\n"
    "  --shop CIPHER           the scope credential (e.g. a shop cipher) for scoped calls\n"
    "  --query KEY=VALUE       an extra query parameter, decoded value; repeatable\n\n"
    "Secrets are never printed: header and query values that equal one show as ********.\n"
    "exit codes: 0 printed, 1 the connector refused the request, 2 bad usage or bad manifest\n";

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
  bool help = false;
};

int usage_error(const std::string& message) {
  std::cerr << "connector-host sign: " << message << "\n" << kUsage;
  return kExitUsage;
}

// kExitOk when `out` is complete (or help was printed), kExitUsage after printing why not.
int parse_sign_args(std::span<const std::string> args, SignArgs& out) {
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& flag = args[i];
    if (flag == "-h" || flag == "--help") {
      std::cout << kUsage << "\n" << kHelp;
      out.help = true;
      return kExitOk;
    }
    if (!flag.starts_with("--")) return usage_error("unexpected argument '" + flag + "'");
    if (i + 1 >= args.size()) return usage_error(flag + " needs a value");
    const std::string& value = args[++i];
    if (flag == "--connection") {
      out.connection_file = value;
    } else if (flag == "--oauth-client") {
      out.oauth_client_file = value;
    } else if (flag == "--method") {
      out.method = value;
    } else if (flag == "--url") {
      out.url = value;
    } else if (flag == "--body-file") {
      out.body_file = value;
    } else if (flag == "--content-type") {
      out.content_type = value;
    } else if (flag == "--timestamp") {
      const char* end = value.data() + value.size();
      const auto [last, ec] = std::from_chars(value.data(), end, out.timestamp);
      if (ec != std::errc() || last != end || out.timestamp <= 0) {
        return usage_error("--timestamp takes Unix seconds (a positive integer), not '" + value +
                           "'");
      }
    } else if (flag == "--access-token-env") {
      out.access_token_env = value;
    } else if (flag == "--shop") {
      out.shop = value;
    } else if (flag == "--query") {
      const size_t equals = value.find('=');
      if (equals == std::string::npos || equals == 0) {
        return usage_error("--query takes KEY=VALUE, not '" + value + "'");
      }
      out.query.emplace_back(value.substr(0, equals), value.substr(equals + 1));
    } else {
      return usage_error("unknown option '" + flag + "'");
    }
  }
  if (out.connection_file.empty() || out.method.empty() || out.url.empty()) {
    return usage_error("--connection, --method and --url are required");
  }
  return kExitOk;
}

// The file's bytes, or nullopt when it cannot be read.
std::optional<std::string> read_file_bytes(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return std::nullopt;
  return bytes;
}

std::string base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Form-style decoding of one query component ('+' is a space; a bad escape stays as it is).
std::string percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex_digit(text[i + 1]) >= 0 &&
        hex_digit(text[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex_digit(text[i + 1]) * 16 + hex_digit(text[i + 2])));
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
void write_request_head(jsonw::Writer& w, const cnx_http_request& request,
                        const SecretList& secrets) {
  w.field("method", cnx::to_view(request.method));
  w.field("url", masked_url(cnx::to_view(request.url), secrets));
  w.key("headers").begin_object();
  for (size_t i = 0; i < request.header_count; ++i) {
    const std::string_view value = cnx::to_view(request.headers[i].value);
    w.field(cnx::to_view(request.headers[i].key), is_secret(value, secrets) ? kMask : value);
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
    w.field("body_base64", base64(*body));
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
    engine::ConnectionState state(options);
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

  std::vector<cnx_kv> query;
  for (const auto& [key, value] : args.query) {
    query.push_back({cnx::to_cnx_str(key), cnx::to_cnx_str(value)});
  }
  cnx_request request{};
  request.struct_size = sizeof request;
  request.method = cnx::to_cnx_str(args.method);
  request.url = cnx::to_cnx_str(args.url);
  request.query = query.data();
  request.query_count = query.size();
  request.body = body ? cnx::to_cnx_str(*body) : cnx_str{};
  request.content_type = cnx::to_cnx_str(args.content_type);
  request.access_token = cnx::to_cnx_str(access_token.view());
  request.scope_credential = cnx::to_cnx_str(args.shop);
  request.timestamp = args.timestamp;

  const cnx_connector_api& api = connector->api();
  cnx_http_request* raw = nullptr;
  cnx_error* error = nullptr;
  const cnx_status code = api.sign_request(handle.get(), &request, &raw, &error);
  cnx::HttpRequestPtr signed_request = cnx::adopt(raw, loader::releaser_for(connector));
  const cnx::Status status = cnx::Status::from_call(api, code, error);
  if (!status.ok() || !signed_request) {
    std::cerr << "connector-host sign: the connector refused the request: " << status.to_string()
              << "\n";
    return kExitFailed;
  }

  SecretList secrets = {access_token.view()};
  for (const auto& s : client->secrets) secrets.push_back(s.value.view());
  for (const auto& s : manifest.secrets) secrets.push_back(s.value.view());
  std::string json;
  jsonw::Writer w(json);
  w.begin_object();
  write_request_head(w, *signed_request, secrets);
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
  if (args.empty()) return usage_error("--connection, --method and --url are required");
  if (const int rc = parse_sign_args(args, parsed); rc != kExitOk || parsed.help) return rc;
  log::configure(options.log_format == LogFormat::kJson ? log::Format::kJson : log::Format::kHuman);
  try {
    return sign(options, parsed);
  } catch (const engine::ManifestError& e) {
    std::cerr << e.what() << "\n";
    return kExitUsage;
  }
}

}  // namespace host::cli
