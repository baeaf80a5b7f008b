// http_client_tls_test.cpp: HTTPS between the client and the Listener with a certificate made at
// test time: verification on by default, trust through ca_file, host name and IP checks.
#include <gtest/gtest.h>

#include <filesystem>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include <self_signed_cert/self_signed_cert.hpp>

#include "http/http_client.hpp"
#include "http/http_listener.hpp"

namespace host::http {
namespace {

namespace fs = std::filesystem;

// A temporary directory holding a fresh certificate and key for `names`.
class CertFiles {
 public:
  explicit CertFiles(const std::vector<std::string>& names) {
    dir_ = fs::temp_directory_path() /
           ("http-tls-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::create_directories(dir_);
    error_ = self_signed_cert::write_files(names, cert(), key());
  }
  ~CertFiles() {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  fs::path cert() const { return dir_ / "cert.pem"; }
  fs::path key() const { return dir_ / "key.pem"; }
  const std::string& error() const { return error_; }

 private:
  static inline int counter = 0;
  fs::path dir_;
  std::string error_;
};

class HttpsTest : public ::testing::Test {
 protected:
  void serve(const CertFiles& files) {
    ASSERT_EQ(files.error(), "");
    ListenerOptions options;
    options.tls_cert = files.cert();
    options.tls_key = files.key();
    listener_ = std::make_unique<Listener>(options, [this](const IncomingRequest& in) {
      std::lock_guard lock(mutex_);
      peers_.insert(in.remote);
      return OutgoingResponse{200, {}, "secure " + in.target};
    });
  }
  std::string url(const std::string& host) const {
    return "https://" + host + ":" + std::to_string(listener_->port()) + "/hello";
  }
  size_t peers() {
    std::lock_guard lock(mutex_);
    return peers_.size();
  }

  std::unique_ptr<Listener> listener_;
  std::mutex mutex_;
  std::set<std::string> peers_;
};

TEST_F(HttpsTest, UntrustedCertificateFailsVerification) {
  CertFiles files({"127.0.0.1", "localhost"});
  serve(files);
  Client client;  // the system store only
  Response response = client.send({"GET", url("127.0.0.1"), {}, {}});
  EXPECT_EQ(response.error, TransportError::kTls) << response.error_message;
  EXPECT_NE(response.error_message.find("certificate"), std::string::npos)
      << response.error_message;
}

TEST_F(HttpsTest, CertificateTrustedThroughCaFileSucceedsByIpAndByName) {
  CertFiles files({"127.0.0.1", "localhost"});
  serve(files);
  ClientOptions client_options;
  client_options.ca_file = files.cert();
  Client client(client_options);
  for (const char* host : {"127.0.0.1", "localhost"}) {
    Response response = client.send({"GET", url(host), {}, {}});
    ASSERT_TRUE(response.ok()) << host << ": " << response.error_message;
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.body, "secure /hello");
  }
}

TEST_F(HttpsTest, KeptAliveOverTls) {
  CertFiles files({"127.0.0.1"});
  serve(files);
  ClientOptions client_options;
  client_options.ca_file = files.cert();
  Client client(client_options);
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(client.send({"GET", url("127.0.0.1"), {}, {}}).ok());
  EXPECT_EQ(peers(), 1u);
}

TEST_F(HttpsTest, CertificateForAnotherIpFails) {
  CertFiles files({"localhost"});  // no IP subjectAltName
  serve(files);
  ClientOptions client_options;
  client_options.ca_file = files.cert();
  Client client(client_options);
  Response response = client.send({"GET", url("127.0.0.1"), {}, {}});
  EXPECT_EQ(response.error, TransportError::kTls) << response.error_message;
}

TEST_F(HttpsTest, CertificateForAnotherHostNameFails) {
  CertFiles files({"sandbox.example", "127.0.0.1"});
  serve(files);
  ClientOptions client_options;
  client_options.ca_file = files.cert();
  Client client(client_options);
  Response response = client.send({"GET", url("localhost"), {}, {}});
  EXPECT_EQ(response.error, TransportError::kTls) << response.error_message;
}

TEST_F(HttpsTest, UnreadableCaFileFailsHttpsRequests) {
  CertFiles files({"127.0.0.1"});
  serve(files);
  ClientOptions client_options;
  client_options.ca_file = "/nonexistent/ca.pem";
  Client client(client_options);
  Response response = client.send({"GET", url("127.0.0.1"), {}, {}});
  EXPECT_EQ(response.error, TransportError::kTls) << response.error_message;
}

TEST_F(HttpsTest, PlainHttpToATlsListenerFailsCleanly) {
  CertFiles files({"127.0.0.1"});
  serve(files);
  ClientOptions client_options;
  client_options.request_timeout = std::chrono::seconds(5);
  Client client(client_options);
  Response response =
      client.send({"GET", "http://127.0.0.1:" + std::to_string(listener_->port()) + "/", {}, {}});
  EXPECT_FALSE(response.ok());
}

TEST(SelfSignedCert, KeyFileIsPrivateAndBothFilesArePem) {
  CertFiles files({"127.0.0.1", "::1", "localhost"});
  ASSERT_EQ(files.error(), "");
  const auto permissions = fs::status(files.key()).permissions();
  EXPECT_EQ(permissions & (fs::perms::group_all | fs::perms::others_all), fs::perms::none);
  self_signed_cert::Certificate made = self_signed_cert::generate({"localhost"});
  ASSERT_TRUE(made.ok()) << made.error;
  EXPECT_EQ(made.certificate_pem.rfind("-----BEGIN CERTIFICATE-----", 0), 0u);
  EXPECT_EQ(made.private_key_pem.rfind("-----BEGIN PRIVATE KEY-----", 0), 0u);
  EXPECT_FALSE(self_signed_cert::generate({}).ok());
}

}  // namespace
}  // namespace host::http
