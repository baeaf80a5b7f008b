// read_manifest: valid manifests resolve their library; every fault names the file and the field.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "loader/connector_loader.hpp"
#include "test_directory.hpp"

namespace host::loader {
namespace {

namespace fs = std::filesystem;

class ManifestReading : public ::testing::Test {
 protected:
  // Writes `json` to a manifest file and reads it with plugin dir /plugins.
  std::optional<ConnectorManifest> read(const std::string& json) {
    file_ = dir_ / "connector.json";
    std::ofstream(file_) << json;
    error_.clear();
    return read_manifest(file_, "/plugins", &error_);
  }
  // The error expected for `what` in the manifest file.
  std::string expected(const std::string& what) const {
    return "connector manifest " + file_.string() + ": " + what;
  }

  test_support::TestDirectory scratch_{"manifest-test"};
  const std::filesystem::path dir_ = scratch_.path();
  fs::path file_;
  std::string error_;
};

TEST_F(ManifestReading, RelativeLibraryResolvesAgainstThePluginDir) {
  const auto m = read(R"({"id": "acme", "library": "libacme.so", "abi_major": 1})");
  ASSERT_TRUE(m) << error_;
  EXPECT_EQ(m->id, "acme");
  EXPECT_EQ(m->library, fs::path("/plugins/libacme.so"));
  EXPECT_EQ(m->abi_major, 1u);
  EXPECT_FALSE(m->sha256);
  EXPECT_EQ(m->manifest_path, file_);
}

TEST_F(ManifestReading, AbsoluteLibraryIsKeptAndNormalized) {
  const auto m = read(R"({"id": "acme", "library": "/opt/x/../lib/libacme.so", "abi_major": 1})");
  ASSERT_TRUE(m) << error_;
  EXPECT_EQ(m->library, fs::path("/opt/lib/libacme.so"));
}

TEST_F(ManifestReading, Sha256PinIsLowercasedAndUnknownKeysAreIgnored) {
  const std::string pin(64, 'A');
  const auto m = read(R"({"id": "acme", "library": "l.so", "abi_major": 1, "sha256": ")" + pin +
                      R"(", "future_key": {"x": 1}})");
  ASSERT_TRUE(m) << error_;
  EXPECT_EQ(m->sha256, std::string(64, 'a'));
}

TEST_F(ManifestReading, EachMissingFieldIsNamed) {
  EXPECT_FALSE(read(R"({"library": "l.so", "abi_major": 1})"));
  EXPECT_EQ(error_, expected("/id: is required"));
  EXPECT_FALSE(read(R"({"id": "a", "abi_major": 1})"));
  EXPECT_EQ(error_, expected("/library: is required"));
  EXPECT_FALSE(read(R"({"id": "a", "library": "l.so"})"));
  EXPECT_EQ(error_, expected("/abi_major: is required"));
}

TEST_F(ManifestReading, WrongTypesAreNamed) {
  EXPECT_FALSE(read(R"({"id": 5, "library": "l.so", "abi_major": 1})"));
  EXPECT_EQ(error_, expected("/id: must be a non-empty string"));
  EXPECT_FALSE(read(R"({"id": "a", "library": "", "abi_major": 1})"));
  EXPECT_EQ(error_, expected("/library: must be a non-empty string"));
  EXPECT_FALSE(read(R"({"id": "a", "library": "l.so", "abi_major": "1"})"));
  EXPECT_EQ(error_, expected("/abi_major: must be a non-negative integer"));
  EXPECT_FALSE(read(R"({"id": "a", "library": "l.so", "abi_major": -1})"));
  EXPECT_EQ(error_, expected("/abi_major: must be a non-negative integer"));
  EXPECT_FALSE(read(R"({"id": "a", "library": "l.so", "abi_major": 1, "sha256": "abc"})"));
  EXPECT_EQ(error_, expected("/sha256: must be 64 hexadecimal digits"));
  EXPECT_FALSE(read(R"({"id": "a", "library": "l.so", "abi_major": 1, "sha256": ")" +
                    std::string(64, 'g') + "\"}"));
  EXPECT_EQ(error_, expected("/sha256: must be 64 hexadecimal digits"));
}

TEST_F(ManifestReading, MalformedJsonAndNonObjectsAreNamed) {
  EXPECT_FALSE(read(R"({"id": "a", )"));
  EXPECT_TRUE(error_.starts_with(expected("(document): is not valid JSON: "))) << error_;
  EXPECT_FALSE(read(R"(["id", "a"])"));
  EXPECT_EQ(error_, expected("(document): is not a JSON object"));
}

TEST_F(ManifestReading, EveryFieldAtFaultIsReportedOnItsOwnLine) {
  EXPECT_FALSE(read(R"({"library": 7, "abi_major": -1, "sha256": "xyz"})"));
  EXPECT_EQ(error_, expected("/id: is required") + "\n" +
                        expected("/library: must be a non-empty string") + "\n" +
                        expected("/abi_major: must be a non-negative integer") + "\n" +
                        expected("/sha256: must be 64 hexadecimal digits"));
}

TEST_F(ManifestReading, UnreadableFileIsNamed) {
  std::string error;
  const fs::path missing = dir_ / "absent.json";
  EXPECT_FALSE(read_manifest(missing, "/plugins", &error));
  EXPECT_EQ(error, "connector manifest " + missing.string() + ": (document): cannot be read");
}

}  // namespace
}  // namespace host::loader
