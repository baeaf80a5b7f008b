// tls_certificate.cpp: the sandbox's TLS material from files or from self_signed_cert.
#include "tls_certificate.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <self_signed_cert/self_signed_cert.hpp>

namespace sandbox {
namespace {

bool read_file(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream text;
  text << in.rdbuf();
  *out = text.str();
  return true;
}

}  // namespace

bool generate_self_signed(TlsMaterial* out, std::string* error) {
  self_signed_cert::Certificate made = self_signed_cert::generate({"127.0.0.1", "localhost"});
  if (!made.ok()) {
    if (error) *error = "cannot make a self-signed TLS certificate: " + made.error;
    return false;
  }
  out->certificate_pem = std::move(made.certificate_pem);
  out->key_pem = std::move(made.private_key_pem);
  return true;
}

bool load_tls_files(const std::string& cert_file, const std::string& key_file, TlsMaterial* out,
                    std::string* error) {
  if (!read_file(cert_file, &out->certificate_pem)) {
    if (error) *error = "cannot read TLS certificate " + cert_file;
    return false;
  }
  if (!read_file(key_file, &out->key_pem)) {
    if (error) *error = "cannot read TLS key " + key_file;
    return false;
  }
  return true;
}

bool write_certificate_file(const std::string& path, const std::string& certificate_pem,
                            std::string* error) {
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << certificate_pem;
    out.flush();
    if (!out) {
      std::error_code ignored;
      std::filesystem::remove(temporary, ignored);
      if (error) *error = "cannot write the TLS certificate to " + path;
      return false;
    }
  }
  std::error_code ec;
  std::filesystem::permissions(temporary, std::filesystem::perms(0644),
                               std::filesystem::perm_options::replace, ec);
  std::filesystem::rename(temporary, path, ec);
  if (ec) {
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    if (error) *error = "cannot write the TLS certificate to " + path + ": " + ec.message();
    return false;
  }
  return true;
}

}  // namespace sandbox
