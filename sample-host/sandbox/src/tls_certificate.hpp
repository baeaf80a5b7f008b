// tls_certificate.hpp: the sandbox's TLS material: loaded from files or generated self-signed.
#pragma once

#include <string>

namespace sandbox {

struct TlsMaterial {
  std::string certificate_pem;
  std::string key_pem;
};

// A fresh P-256 key and a self-signed certificate (its own CA, from self_signed_cert) valid for
// 30 days for 127.0.0.1 and localhost. Returns false with a message on an OpenSSL failure.
bool generate_self_signed(TlsMaterial* out, std::string* error);

// Reads PEM files. Returns false with a message naming the unreadable file.
bool load_tls_files(const std::string& cert_file, const std::string& key_file, TlsMaterial* out,
                    std::string* error);

// Writes `certificate_pem` to `path` (mode 0644) through a temporary file renamed into place, so
// a reader never sees half a certificate. Returns false with a message naming the file.
bool write_certificate_file(const std::string& path, const std::string& certificate_pem,
                            std::string* error);

}  // namespace sandbox
