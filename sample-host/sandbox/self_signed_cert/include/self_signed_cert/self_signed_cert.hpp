// self_signed_cert.hpp: a fresh key and self-signed certificate for local HTTPS: the sandbox's
// --tls, and the tests that serve HTTPS to the host's client. The certificate is its own CA, so
// a client trusts it with ca_file (or curl --cacert).
//
// Its own small library (OpenSSL only) rather than part of the host or the sandbox: the generic
// host never makes certificates, and a host test should not link a TikTok sandbox to get one.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace self_signed_cert {

inline constexpr std::chrono::hours kDefaultValidity{24 * 30};

struct Certificate {
  std::string certificate_pem;
  std::string private_key_pem;  // unencrypted PKCS#8: a secret, keep it out of logs
  std::string error;            // set on failure; both PEMs are then empty
  bool ok() const { return error.empty(); }
};

// Generates an ECDSA P-256 key and a certificate for `names`: each is an IP address (IPv4 or
// IPv6, an IP subjectAltName) or a DNS name (a DNS subjectAltName); the first is also the common
// name. An empty list, or an empty name or one holding ',', CR or LF, is an error.
Certificate generate(const std::vector<std::string>& names,
                     std::chrono::hours validity = kDefaultValidity);

// Generates as above and writes the certificate to `cert_file` and the key to `key_file` (mode
// 0600, replaced if present). ERRORS: returns a message naming the file that failed, or empty.
std::string write_files(const std::vector<std::string>& names,
                        const std::filesystem::path& cert_file,
                        const std::filesystem::path& key_file,
                        std::chrono::hours validity = kDefaultValidity);

}  // namespace self_signed_cert
