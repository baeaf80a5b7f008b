// self_signed_cert.cpp: key and X.509 generation through OpenSSL 3's C API.
#include "self_signed_cert/self_signed_cert.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <memory>

namespace self_signed_cert {
namespace {

struct FreeKey {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct FreeCert {
  void operator()(X509* cert) const { X509_free(cert); }
};
struct FreeBio {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct FreeExtension {
  void operator()(X509_EXTENSION* extension) const { X509_EXTENSION_free(extension); }
};

bool is_ip_address(const std::string& name) {
  unsigned char address[16];
  return ::inet_pton(AF_INET, name.c_str(), address) == 1 ||
         ::inet_pton(AF_INET6, name.c_str(), address) == 1;
}

// Adds one v3 extension written in OpenSSL's config syntax (e.g. "critical,CA:TRUE").
bool add_extension(X509* cert, int nid, const std::string& value) {
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, cert, cert, nullptr, nullptr, 0);
  std::unique_ptr<X509_EXTENSION, FreeExtension> extension(
      X509V3_EXT_conf_nid(nullptr, &context, nid, value.c_str()));
  return extension && X509_add_ext(cert, extension.get(), -1) == 1;
}

std::string bio_text(BIO* bio) {
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<size_t>(size));
}

Certificate fail(std::string message) {
  Certificate result;
  result.error = std::move(message);
  return result;
}

}  // namespace

Certificate generate(const std::vector<std::string>& names, std::chrono::hours validity) {
  if (names.empty()) return fail("a certificate needs at least one name");
  std::string alt_names;
  for (const std::string& name : names) {
    if (name.empty() || name.find_first_of(",\r\n") != std::string::npos) {
      return fail("invalid certificate name");
    }
    if (!alt_names.empty()) alt_names += ',';
    alt_names += (is_ip_address(name) ? "IP:" : "DNS:") + name;
  }

  std::unique_ptr<EVP_PKEY, FreeKey> key(EVP_EC_gen("P-256"));
  if (!key) return fail("cannot generate an EC P-256 key");
  std::unique_ptr<X509, FreeCert> cert(X509_new());
  if (!cert) return fail("cannot allocate a certificate");

  unsigned char serial[16];
  if (RAND_bytes(serial, sizeof serial) != 1) return fail("cannot draw a serial number");
  serial[0] &= 0x7f;  // a positive INTEGER
  ASN1_INTEGER* serial_number = X509_get_serialNumber(cert.get());
  BIGNUM* serial_value = BN_bin2bn(serial, sizeof serial, nullptr);
  const bool serial_set =
      serial_value != nullptr && BN_to_ASN1_INTEGER(serial_value, serial_number);
  BN_free(serial_value);
  if (!serial_set) return fail("cannot set the serial number");

  X509_NAME* subject = X509_get_subject_name(cert.get());
  const auto* common_name = reinterpret_cast<const unsigned char*>(names.front().c_str());
  const long seconds = static_cast<long>(std::chrono::seconds(validity).count());
  const bool built =
      X509_set_version(cert.get(), 2) == 1 &&
      X509_gmtime_adj(X509_getm_notBefore(cert.get()), -300) != nullptr &&
      X509_gmtime_adj(X509_getm_notAfter(cert.get()), seconds) != nullptr &&
      X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_UTF8, common_name, -1, -1, 0) == 1 &&
      X509_set_issuer_name(cert.get(), subject) == 1 &&
      X509_set_pubkey(cert.get(), key.get()) == 1 &&
      add_extension(cert.get(), NID_basic_constraints, "critical,CA:TRUE") &&
      add_extension(cert.get(), NID_key_usage, "critical,digitalSignature,keyCertSign") &&
      add_extension(cert.get(), NID_ext_key_usage, "serverAuth") &&
      add_extension(cert.get(), NID_subject_key_identifier, "hash") &&
      add_extension(cert.get(), NID_subject_alt_name, alt_names) &&
      X509_sign(cert.get(), key.get(), EVP_sha256()) > 0;
  if (!built) return fail("cannot build the certificate");

  std::unique_ptr<BIO, FreeBio> cert_bio(BIO_new(BIO_s_mem()));
  std::unique_ptr<BIO, FreeBio> key_bio(BIO_new(BIO_s_mem()));
  if (!cert_bio || !key_bio || PEM_write_bio_X509(cert_bio.get(), cert.get()) != 1 ||
      PEM_write_bio_PrivateKey(key_bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) !=
          1) {
    return fail("cannot encode the certificate or key as PEM");
  }
  Certificate result;
  result.certificate_pem = bio_text(cert_bio.get());
  result.private_key_pem = bio_text(key_bio.get());
  return result;
}

std::string write_files(const std::vector<std::string>& names,
                        const std::filesystem::path& cert_file,
                        const std::filesystem::path& key_file, std::chrono::hours validity) {
  Certificate made = generate(names, validity);
  if (!made.ok()) return made.error;

  // The key file is created private before a byte of the key is written.
  const int fd = ::open(key_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return "cannot create " + key_file.string();
  const bool key_written = ::fchmod(fd, 0600) == 0 &&
                           ::write(fd, made.private_key_pem.data(), made.private_key_pem.size()) ==
                               static_cast<ssize_t>(made.private_key_pem.size());
  const bool key_closed = ::close(fd) == 0;
  if (!key_written || !key_closed) return "cannot write " + key_file.string();

  std::ofstream cert_out(cert_file, std::ios::binary | std::ios::trunc);
  cert_out << made.certificate_pem;
  cert_out.close();
  if (!cert_out) return "cannot write " + cert_file.string();
  return {};
}

}  // namespace self_signed_cert
