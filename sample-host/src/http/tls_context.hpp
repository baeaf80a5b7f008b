// tls_context.hpp: OpenSSL contexts for the client and the listener, and per-connection client
// checks (SNI, host name or IP verification).
//
// Internal to host_http: it includes Asio's SSL headers, so only http/*.cpp files include it.
#pragma once

#include <openssl/ssl.h>

#include <boost/asio/ssl/context.hpp>
#include <boost/system/error_code.hpp>
#include <filesystem>
#include <memory>
#include <string>

namespace host::http {

struct TlsContextResult {
  std::unique_ptr<boost::asio::ssl::context> context;  // null on failure
  std::string error;                                   // set on failure
};

// A client context: TLS 1.2 or later, peer verification always on, trusting the system store plus
// `ca_file` when it is not empty. THREADING: once built, shared read-only by all connections.
TlsContextResult make_client_tls_context(const std::filesystem::path& ca_file);

// A server context serving the PEM certificate chain and private key in the given files.
TlsContextResult make_server_tls_context(const std::filesystem::path& cert_file,
                                         const std::filesystem::path& key_file);

// Before a client handshake: sends SNI (for names; RFC 6066 forbids IP literals there) and makes
// OpenSSL check that the certificate matches `host` (DNS name or IP address).
// ERRORS: false with `error` set when OpenSSL refuses the parameters.
bool prepare_client_tls_session(SSL* ssl, const std::string& host, std::string* error);

// A readable reason for a failed client handshake: the certificate verification failure when
// there was one, else the error code's message.
std::string describe_handshake_failure(SSL* ssl, const boost::system::error_code& ec);

}  // namespace host::http
