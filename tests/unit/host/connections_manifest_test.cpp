// Connection and OAuth client manifests: every problem is reported at its JSON pointer, all at
// once, with the whole document named "(document)"; secret references resolve relative to the
// manifest's folder and their failures name the reference, never a value.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>

#include "connections_test_files.hpp"
#include "engine/connections/connection_manifest.hpp"
#include "engine/connections/oauth_client_manifest.hpp"

namespace host::engine {
namespace {

using test::acme_lookup;
using test::problem_at;

class ConnectionManifestReading : public test::ManifestFolder {
 protected:
  // The problems reading `json` reports (empty when it reads).
  std::vector<ManifestProblem> problems_of(const std::string& json) {
    file_ = write("connection.json", json);
    try {
      manifest_ = read_connection_manifest(file_, acme_lookup());
      return {};
    } catch (const ManifestError& e) {
      what_ = e.what();
      EXPECT_EQ(e.file(), file_);
      return e.problems();
    }
  }

  std::filesystem::path file_;
  ConnectionManifest manifest_;
  std::string what_;
};

constexpr const char* kGoodSecrets = R"("secrets": {"api_key": {"env": "CONNECTIONS_TEST_KEY"}})";

TEST_F(ConnectionManifestReading, AGoodManifestReadsWithDefaultsAndItsSecretResolved) {
  ::setenv("CONNECTIONS_TEST_KEY", "k-123", 1);
  const auto problems = problems_of(
      R"({"name": "shop-1", "connector": "acme", "oauth_client": "app",
          "settings": {"region": "eu", "page_limit": 50}, )" +
      std::string(kGoodSecrets) + "}");
  ASSERT_TRUE(problems.empty()) << what_;
  EXPECT_EQ(manifest_.name, "shop-1");
  EXPECT_EQ(manifest_.redirect_uri, kDefaultRedirectUri);
  EXPECT_EQ(manifest_.settings_json, R"({"region":"eu","page_limit":50})");
  ASSERT_EQ(manifest_.secrets.size(), 1u);
  EXPECT_EQ(manifest_.secrets[0].field, "api_key");
  EXPECT_EQ(manifest_.secrets[0].value.view(), "k-123");
  ::unsetenv("CONNECTIONS_TEST_KEY");
}

TEST_F(ConnectionManifestReading, EveryFieldAtFaultIsReportedAtItsPointerInOneGo) {
  ::setenv("CONNECTIONS_TEST_KEY", "k", 1);
  const auto problems = problems_of(
      R"({"name": "bad name!", "connector": "acme", "oauth_client": "",
          "redirect_uri": "ftp://x/#frag", "colour": 1, "allow_plain_http": "yes",
          "settings": {"region": "mars", "page_limit": "ten", "api_key": "x", "nope": 1},
          "secrets": {"api_key": {"env": "CONNECTIONS_TEST_KEY"}, "region": {"env": "X"}}})");
  ::unsetenv("CONNECTIONS_TEST_KEY");
  const std::pair<const char*, const char*> expected[] = {
      {"/name", "must be 1-64 letters"},
      {"/oauth_client", "must be a non-empty string"},
      {"/redirect_uri", "must be an absolute http(s) URL"},
      {"/colour", "unknown field"},
      {"/allow_plain_http", "must be true or false"},
      {"/settings/region", "must be one of \"eu\", \"us\""},
      {"/settings/page_limit", "must be of type integer"},
      {"/settings/api_key", "is a secret: put a reference under /secrets/api_key instead"},
      {"/settings/nope", "unknown setting; connector acme takes region, page_limit, base/url"},
      {"/secrets/region", "unknown secret; connector acme takes api_key"},
  };
  for (const auto& [field, words] : expected) {
    const ManifestProblem* p = problem_at(problems, field);
    ASSERT_NE(p, nullptr) << field << "\n" << what_;
    EXPECT_NE(p->message.find(words), std::string::npos) << field << ": " << p->message;
  }
  EXPECT_EQ(problems.size(), std::size(expected)) << what_;
  EXPECT_NE(what_.find(file_.string() + ": /settings/region: must be one of"), std::string::npos)
      << what_;
}

TEST_F(ConnectionManifestReading, KeysThatNeedEscapingAreNamedWithEscapedPointers) {
  const auto problems = problems_of(
      R"({"name": "s", "connector": "acme", "oauth_client": "a", "a/b~c": 1,
          "settings": {"region": "eu", "base/url": 5}, )" +
      std::string(R"("secrets": {"x~y": {"env": "E"}, "api_key": {"vault/path": "v"}}})"));
  EXPECT_NE(problem_at(problems, "/a~1b~0c"), nullptr) << what_;
  EXPECT_NE(problem_at(problems, "/settings/base~1url"), nullptr) << what_;
  EXPECT_NE(problem_at(problems, "/secrets/x~0y"), nullptr) << what_;
  const ManifestProblem* kind = problem_at(problems, "/secrets/api_key/vault~1path");
  ASSERT_NE(kind, nullptr) << what_;
  EXPECT_NE(kind->message.find("unknown secret reference kind"), std::string::npos);
}

TEST_F(ConnectionManifestReading, MissingRequiredFieldsAreNamedWhereTheyBelong) {
  const auto problems = problems_of(R"({"name": "s", "connector": "acme", "oauth_client": "a"})");
  EXPECT_NE(problem_at(problems, "/settings/region"), nullptr) << what_;
  const ManifestProblem* secret = problem_at(problems, "/secrets/api_key");
  ASSERT_NE(secret, nullptr) << what_;
  EXPECT_NE(secret->message.find("is required (a secret"), std::string::npos);
  EXPECT_EQ(problem_at(problems, "/settings/name"), nullptr) << "the host fills the name";
}

TEST_F(ConnectionManifestReading, TheWholeDocumentIsNamedDocument) {
  auto problems = problems_of("[1, 2]");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].field, "");
  EXPECT_EQ(what_, file_.string() + ": (document): must be a JSON object");

  problems = problems_of(R"({"name": )");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_TRUE(what_.starts_with(file_.string() + ": (document): is not valid JSON")) << what_;

  const auto missing = dir_ / "absent.json";
  try {
    read_connection_manifest(missing, acme_lookup());
    ADD_FAILURE() << "an absent manifest was read";
  } catch (const ManifestError& e) {
    EXPECT_EQ(std::string(e.what()), missing.string() + ": (document): cannot read the file");
  }
}

TEST_F(ConnectionManifestReading, RepeatedKeysAreRefusedAtEachRepeat) {
  const auto problems =
      problems_of(R"({"name": "a", "name": "b", "settings": {"region": "eu", "region": "us"}})");
  ASSERT_EQ(problems.size(), 2u) << what_;
  EXPECT_EQ(problems[0].field, "/name");
  EXPECT_EQ(problems[1].field, "/settings/region");
  EXPECT_NE(problems[0].message.find("repeats a key"), std::string::npos);
}

TEST_F(ConnectionManifestReading, AnUnknownConnectorIsReportedAtConnectorWithTheEarlierProblems) {
  const auto problems = problems_of(R"({"name": "s", "connector": "zeta"})");
  const ManifestProblem* connector = problem_at(problems, "/connector");
  ASSERT_NE(connector, nullptr) << what_;
  EXPECT_EQ(connector->message, "no connector zeta is installed");
  EXPECT_NE(problem_at(problems, "/oauth_client"), nullptr) << what_;
}

TEST_F(ConnectionManifestReading, AnUnsetEnvironmentVariableIsNamedAtTheSecret) {
  ::unsetenv("CONNECTIONS_TEST_UNSET");
  const auto problems = problems_of(
      R"({"name": "s", "connector": "acme", "oauth_client": "a", "settings": {"region": "eu"},
          "secrets": {"api_key": {"env": "CONNECTIONS_TEST_UNSET"}}})");
  ASSERT_EQ(problems.size(), 1u) << what_;
  EXPECT_EQ(problems[0].field, "/secrets/api_key");
  EXPECT_EQ(problems[0].message, "environment variable CONNECTIONS_TEST_UNSET is not set");
}

TEST_F(ConnectionManifestReading, SecretFilesResolveAgainstTheManifestFolder) {
  write("keys/api.key", "file-secret\n");
  const std::string json =
      R"({"name": "s", "connector": "acme", "oauth_client": "a", "settings": {"region": "eu"},
          "secrets": {"api_key": {"file": "keys/api.key"}}})";
  // Read from another working directory: the path is the manifest's, not the process's.
  const auto cwd = std::filesystem::current_path();
  std::filesystem::current_path("/");
  const auto problems = problems_of(json);
  std::filesystem::current_path(cwd);
  ASSERT_TRUE(problems.empty()) << what_;
  ASSERT_EQ(manifest_.secrets.size(), 1u);
  EXPECT_EQ(manifest_.secrets[0].value.view(), "file-secret");
}

TEST_F(ConnectionManifestReading, AnUnreadableSecretFileIsNamedButNotItsContent) {
  const auto key = write("api.key", "top-secret-value");
  ASSERT_EQ(::chmod(key.c_str(), 0), 0);
  if (::access(key.c_str(), R_OK) == 0) GTEST_SKIP() << "running as a user who reads anything";
  const auto problems = problems_of(
      R"({"name": "s", "connector": "acme", "oauth_client": "a", "settings": {"region": "eu"},
          "secrets": {"api_key": {"file": "api.key"}}})");
  ASSERT_EQ(problems.size(), 1u) << what_;
  EXPECT_EQ(problems[0].field, "/secrets/api_key");
  EXPECT_NE(problems[0].message.find("cannot read secret file " + key.string()), std::string::npos)
      << problems[0].message;
  EXPECT_EQ(what_.find("top-secret-value"), std::string::npos);
}

TEST_F(ConnectionManifestReading, ASecretFileThatIsAFolderIsNamedAtTheSecret) {
  std::filesystem::create_directories(dir_ / "keys.d");
  const auto problems = problems_of(
      R"({"name": "s", "connector": "acme", "oauth_client": "a", "settings": {"region": "eu"},
          "secrets": {"api_key": {"file": "keys.d"}}})");
  ASSERT_EQ(problems.size(), 1u) << what_;
  EXPECT_EQ(problems[0].field, "/secrets/api_key");
  EXPECT_EQ(problems[0].message,
            "secret file " + (dir_ / "keys.d").string() +
                " is not a regular file (directories, devices, FIFOs and sockets are refused)");
}

TEST_F(ConnectionManifestReading, AMissingSecretFileIsNamedAtTheSecret) {
  const auto problems = problems_of(
      R"({"name": "s", "connector": "acme", "oauth_client": "a", "settings": {"region": "eu"},
          "secrets": {"api_key": {"file": "nowhere.key"}}})");
  ASSERT_EQ(problems.size(), 1u) << what_;
  EXPECT_EQ(problems[0].field, "/secrets/api_key");
  EXPECT_NE(problems[0].message.find((dir_ / "nowhere.key").string()), std::string::npos)
      << problems[0].message;
}

TEST_F(ConnectionManifestReading, ASecretGivenAsItsValueIsRefusedWithoutEchoingIt) {
  const auto problems = problems_of(
      R"({"name": "s", "connector": "acme", "oauth_client": "a", "settings": {"region": "eu"},
          "secrets": {"api_key": "plain-text-secret"}})");
  ASSERT_EQ(problems.size(), 1u) << what_;
  EXPECT_EQ(problems[0].field, "/secrets/api_key");
  EXPECT_NE(problems[0].message.find("never the value itself"), std::string::npos);
  EXPECT_EQ(what_.find("plain-text-secret"), std::string::npos);
}

TEST_F(ConnectionManifestReading, ARelativeCaFileIsTheManifestFoldersAndMustExist) {
  write("ca.pem", "pem");
  ::setenv("CONNECTIONS_TEST_KEY", "k", 1);
  auto problems = problems_of(
      R"({"name": "s", "connector": "acme", "oauth_client": "a", "settings": {"region": "eu"},
          "ca_file": "ca.pem", )" +
      std::string(kGoodSecrets) + "}");
  ASSERT_TRUE(problems.empty()) << what_;
  EXPECT_EQ(manifest_.ca_file, (dir_ / "ca.pem").string());
  problems = problems_of(
      R"({"name": "s", "connector": "acme", "oauth_client": "a", "settings": {"region": "eu"},
          "ca_file": "none.pem", )" +
      std::string(kGoodSecrets) + "}");
  ::unsetenv("CONNECTIONS_TEST_KEY");
  const ManifestProblem* ca = problem_at(problems, "/ca_file");
  ASSERT_NE(ca, nullptr) << what_;
  EXPECT_EQ(ca->message, "no such file: " + (dir_ / "none.pem").string());
}

class OAuthClientManifestReading : public test::ManifestFolder {
 protected:
  std::vector<ManifestProblem> problems_of(const std::string& json, const SchemaLookup& lookup) {
    const auto file = write("client.json", json);
    try {
      input_ = read_oauth_client_manifest(file, lookup);
      return {};
    } catch (const ManifestError& e) {
      what_ = e.what();
      return e.problems();
    }
  }
  std::vector<ManifestProblem> problems_of(const std::string& json) {
    return problems_of(json, acme_lookup());
  }

  store::OAuthClientInput input_;
  std::string what_;
};

TEST_F(OAuthClientManifestReading, AGoodClientKeepsItsFieldsAndResolvesItsSecret) {
  ::setenv("CONNECTIONS_TEST_APP_SECRET", "s3", 1);
  const auto problems = problems_of(
      R"({"name": "app", "connector": "acme", "app_key": "k1",
          "app_secret": {"env": "CONNECTIONS_TEST_APP_SECRET"}, "description": "ignored"})");
  ::unsetenv("CONNECTIONS_TEST_APP_SECRET");
  ASSERT_TRUE(problems.empty()) << what_;
  EXPECT_EQ(input_.fields_json, R"({"app_key":"k1"})");
  ASSERT_EQ(input_.secrets.size(), 1u);
  EXPECT_EQ(input_.secrets[0].value.view(), "s3");
}

TEST_F(OAuthClientManifestReading, UnknownAndMissingFieldsAreReportedAtTheirPointers) {
  const auto problems =
      problems_of(R"({"name": "app", "connector": "acme", "app~key": 1, "app_key": 2})");
  const ManifestProblem* unknown = problem_at(problems, "/app~0key");
  ASSERT_NE(unknown, nullptr) << what_;
  EXPECT_NE(unknown->message.find("has app_key and secrets app_secret"), std::string::npos);
  EXPECT_NE(problem_at(problems, "/app_key"), nullptr) << "wrong type: " << what_;
  const ManifestProblem* secret = problem_at(problems, "/app_secret");
  ASSERT_NE(secret, nullptr) << what_;
  EXPECT_NE(secret->message.find("is required (a secret"), std::string::npos);
}

TEST_F(OAuthClientManifestReading, AConnectorWithoutOAuthClientFieldsIsNamedAtConnector) {
  const SchemaLookup no_client = [](const std::string&) {
    ConnectionSchemaView view = test::acme_schema();
    view.oauth_client.fields.clear();
    return view;
  };
  const auto problems = problems_of(R"({"name": "app", "connector": "acme"})", no_client);
  ASSERT_EQ(problems.size(), 1u) << what_;
  EXPECT_EQ(problems[0].field, "/connector");
  EXPECT_EQ(problems[0].message, "connector acme declares no OAuth client fields in its schema");
}

}  // namespace
}  // namespace host::engine
