// tls_context.cpp: OpenSSL setup for both directions; no option turns verification off.
#include "http/tls_context.hpp"

#include <openssl/x509v3.h>

#include <boost/asio/ip/address.hpp>

#include "http/failed_result.hpp"

namespace host::http {
namespace ssl = boost::asio::ssl;

namespace {

constexpr auto kFail = &failed_result<TlsContextResult>;

}  // namespace

TlsContextResult make_client_tls_context(const std::filesystem::path& ca_file) {
  try {
    auto context = std::make_unique<ssl::context>(ssl::context::tls_client);
    SSL_CTX* native = context->native_handle();
    if (SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION) != 1) {
      return kFail("cannot require TLS 1.2");
    }
    boost::system::error_code ec;
    context->set_default_verify_paths(ec);
    if (ec) return kFail("cannot load the system CA store: " + ec.message());
    if (!ca_file.empty()) {
      context->load_verify_file(ca_file.string(), ec);
      if (ec) return kFail("cannot load CA file " + ca_file.string() + ": " + ec.message());
    }
    context->set_verify_mode(ssl::verify_peer, ec);
    if (ec) return kFail("cannot enable peer verification: " + ec.message());
    TlsContextResult result;
    result.context = std::move(context);
    return result;
  } catch (const std::exception& e) {
    return kFail(std::string("cannot create a TLS context: ") + e.what());
  }
}

TlsContextResult make_server_tls_context(const std::filesystem::path& cert_file,
                                         const std::filesystem::path& key_file) {
  try {
    auto context = std::make_unique<ssl::context>(ssl::context::tls_server);
    if (SSL_CTX_set_min_proto_version(context->native_handle(), TLS1_2_VERSION) != 1) {
      return kFail("cannot require TLS 1.2");
    }
    boost::system::error_code ec;
    context->use_certificate_chain_file(cert_file.string(), ec);
    if (ec) return kFail("cannot load certificate " + cert_file.string() + ": " + ec.message());
    context->use_private_key_file(key_file.string(), ssl::context::pem, ec);
    if (ec) return kFail("cannot load private key " + key_file.string() + ": " + ec.message());
    if (SSL_CTX_check_private_key(context->native_handle()) != 1) {
      return kFail("private key " + key_file.string() + " does not match the certificate");
    }
    TlsContextResult result;
    result.context = std::move(context);
    return result;
  } catch (const std::exception& e) {
    return kFail(std::string("cannot create a TLS context: ") + e.what());
  }
}

bool prepare_client_tls_session(SSL* ssl, const std::string& host, std::string* error) {
  boost::system::error_code ec;
  boost::asio::ip::make_address(host, ec);
  const bool is_ip = !ec;
  X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
  if (is_ip) {
    if (X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str()) != 1) {
      *error = "cannot set the expected certificate IP address";
      return false;
    }
    return true;
  }
  X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
  if (X509_VERIFY_PARAM_set1_host(param, host.c_str(), host.size()) != 1) {
    *error = "cannot set the expected certificate host name";
    return false;
  }
  // SSL_set_tlsext_host_name() is a macro with a C cast; this is its expansion.
  if (SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
               const_cast<char*>(host.c_str())) != 1) {
    *error = "cannot set the TLS server name (SNI)";
    return false;
  }
  return true;
}

std::string describe_handshake_failure(SSL* ssl, const boost::system::error_code& ec) {
  const long verify = SSL_get_verify_result(ssl);
  if (verify != X509_V_OK) {
    return std::string("certificate verification failed: ") + X509_verify_cert_error_string(verify);
  }
  return ec.message();
}

}  // namespace host::http
