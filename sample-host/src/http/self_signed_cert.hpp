// self_signed_cert.hpp: a fresh key and self-signed certificate for local HTTPS (the tests, the
// sandbox, the demo). The certificate is its own CA, so a client trusts it with ca_file.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace host::http {

struct SelfSignedCert {
  std::string certificate_pem;
  std::string private_key_pem;  // unencrypted PKCS#8: a secret, keep it out of logs
  std::string error;            // set on failure; both PEMs are then empty
  bool ok() const { return error.empty(); }
};

// Generates an ECDSA P-256 key and a certificate for `names`: each is an IP address (IPv4 or
// IPv6, an IP subjectAltName) or a DNS name (a DNS subjectAltName); the first is also the common
// name. REQUIRES: `names` is not empty.
SelfSignedCert GenerateSelfSignedCert(const std::vector<std::string>& names,
                                      std::chrono::hours validity = std::chrono::hours(24 * 30));

// Generates as above and writes the certificate to `cert_file` and the key to `key_file` (mode
// 0600, replaced if present). ERRORS: returns a message naming the file that failed, or empty.
std::string WriteSelfSignedCert(const std::vector<std::string>& names,
                                const std::filesystem::path& cert_file,
                                const std::filesystem::path& key_file,
                                std::chrono::hours validity = std::chrono::hours(24 * 30));

}  // namespace host::http
