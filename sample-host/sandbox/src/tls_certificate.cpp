// tls_certificate.cpp: self-signed certificates with OpenSSL 3.
#include "tls_certificate.hpp"

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace sandbox {
namespace {

std::string bio_text(BIO* bio) {
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<size_t>(len));
}

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
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_EC_gen("P-256"), &EVP_PKEY_free);
  std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), &X509_free);
  if (!key || !cert) {
    if (error) *error = "cannot create a TLS key";
    return false;
  }
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 30L * 24 * 3600);
  X509_set_pubkey(cert.get(), key.get());
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("tiktok-shop-sandbox"), -1, -1,
                             0);
  X509_set_issuer_name(cert.get(), name);
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert.get(), cert.get(), nullptr, nullptr, 0);
  X509_EXTENSION* san =
      X509V3_EXT_conf_nid(nullptr, &ctx, NID_subject_alt_name, "IP:127.0.0.1,DNS:localhost");
  if (!san || !X509_add_ext(cert.get(), san, -1) ||
      !X509_sign(cert.get(), key.get(), EVP_sha256())) {
    if (san) X509_EXTENSION_free(san);
    if (error) *error = "cannot sign the self-signed certificate";
    return false;
  }
  X509_EXTENSION_free(san);
  std::unique_ptr<BIO, decltype(&BIO_free)> cert_bio(BIO_new(BIO_s_mem()), &BIO_free);
  std::unique_ptr<BIO, decltype(&BIO_free)> key_bio(BIO_new(BIO_s_mem()), &BIO_free);
  if (!PEM_write_bio_X509(cert_bio.get(), cert.get()) ||
      !PEM_write_bio_PrivateKey(key_bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr)) {
    if (error) *error = "cannot encode the TLS material";
    return false;
  }
  out->certificate_pem = bio_text(cert_bio.get());
  out->key_pem = bio_text(key_bio.get());
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
