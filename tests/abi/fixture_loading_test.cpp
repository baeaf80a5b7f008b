// Loading the fixture connectors: each broken one is refused (or fails its hook) with a sentence
// naming the connector and the exact cause, and the host goes on loading the others.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "loader/connector_description.hpp"
#include "loader/connector_loader.hpp"
#include "run_command.hpp"
#include "test_directory.hpp"

namespace host::loader {
namespace {

namespace fs = std::filesystem;

const fs::path kFixtureDir = FIXTURE_DIR;
const fs::path kManifestDir = FIXTURE_MANIFEST_DIR;

using test_support::run_command;

std::string sha256sum(const fs::path& file) {
  const auto result = run_command("sha256sum '" + file.string() + "'");
  return result.output.substr(0, 64);
}

LoadOutcome load_fixture(const std::string& manifest_stem) {
  std::string error;
  auto manifest = read_manifest(kManifestDir / (manifest_stem + ".json"), kFixtureDir, &error);
  if (!manifest) return LoadOutcome{kManifestDir / manifest_stem, {}, nullptr, error};
  return load_connector(*manifest);
}

// A scratch directory for manifests written by a test; removed afterwards.
class ScratchManifests : public ::testing::Test {
 protected:
  fs::path write(const std::string& name, const std::string& content) {
    const fs::path file = dir_ / name;
    std::ofstream(file) << content;
    return file;
  }
  LoadOutcome load(const fs::path& manifest_file) {
    std::string error;
    auto manifest = read_manifest(manifest_file, kFixtureDir, &error);
    if (!manifest) return LoadOutcome{manifest_file, {}, nullptr, error};
    return load_connector(*manifest);
  }

  test_support::TestDirectory scratch_{"loader-test"};
  const std::filesystem::path dir_ = scratch_.path();
};

TEST(FixtureLoading, GoodConnectorLoadsWithItsIdVersionAbiAndLibrary) {
  const auto outcome = load_fixture("good");
  ASSERT_TRUE(outcome.connector) << outcome.error;
  EXPECT_EQ(outcome.error, "");
  EXPECT_EQ(outcome.id, "fixture-good");
  EXPECT_STREQ(outcome.connector->api().connector_version, "1.2.3");
  EXPECT_EQ(outcome.connector->api().abi_major, 1u);
  EXPECT_EQ(outcome.connector->manifest().library, fs::path(GOOD_FIXTURE_PATH));
}

TEST(FixtureLoading, GoodConnectorDescribesItselfWithTheExactDocument) {
  const auto outcome = load_fixture("good");
  ASSERT_TRUE(outcome.connector) << outcome.error;
  const auto description = describe_connector(*outcome.connector);
  ASSERT_TRUE(description.ok()) << description.error;
  EXPECT_TRUE(description.json.starts_with("{\"id\":\"fixture-good\",\"name\":\"Fixture\""))
      << description.json;
}

// Connectors and manifests refused with an exact sentence: the loader returns no connector and
// says what is wrong and where.
struct Refusal {
  const char* name;  // the test's name
  const char* manifest_stem;
  std::string error;
};

class FixtureRefusal : public ::testing::TestWithParam<Refusal> {};

TEST_P(FixtureRefusal, IsRefusedWithItsSentence) {
  const auto outcome = load_fixture(GetParam().manifest_stem);
  EXPECT_FALSE(outcome.connector);
  EXPECT_EQ(outcome.error, GetParam().error);
}

INSTANTIATE_TEST_SUITE_P(
    FixtureLoading, FixtureRefusal,
    ::testing::Values(
        Refusal{"MissingEntrySymbolIsNamed", "missing_entry",
                "connector fixture-missing-entry: library " +
                    (kFixtureDir / "libfixture_missing_entry.so").string() +
                    " does not export cnx_connector_get_api"},
        Refusal{"WrongAbiMajorInTheTableIsRefused", "wrong_major",
                "connector fixture-wrong-major speaks ABI major 2; this host speaks 1"},
        Refusal{
            "EntryReturningNullIsRefused", "null_entry",
            "connector fixture-null-entry: entry cnx_connector_get_api returned no table for ABI "
            "major 1"},
        Refusal{"TableWithANullRequiredFunctionIsRefused", "null_required",
                "connector fixture-null-required: function table lacks the required function "
                "connection_close"},
        Refusal{"LibraryThatDoesNotExistIsNamed", "missing_library",
                "connector fixture-missing-library: library " +
                    (kFixtureDir / "libfixture_that_was_never_built.so").string() +
                    " does not exist"},
        Refusal{"ManifestAbiMajorOtherThanTheHostsIsRefused", "manifest_major",
                "connector fixture-manifest-major: manifest " +
                    (kManifestDir / "manifest_major.json").string() +
                    " declares ABI major 2; this host speaks 1; not loading it"},
        Refusal{"ManifestMissingAFieldNamesTheFileAndTheField", "missing_field",
                "connector manifest " + (kManifestDir / "missing_field.json").string() +
                    ": /library: is required"}),
    [](const ::testing::TestParamInfo<Refusal>& refusal) {
      return std::string(refusal.param.name);
    });

TEST(FixtureLoading, TableSmallerThanAbi1IsRefused) {
  const auto outcome = load_fixture("small_table");
  EXPECT_FALSE(outcome.connector);
  EXPECT_NE(outcome.error.find("connector fixture-small-table: function table struct_size "),
            std::string::npos)
      << outcome.error;
  EXPECT_NE(outcome.error.find("bytes of an ABI 1.0 table"), std::string::npos) << outcome.error;
}

TEST(FixtureLoading, ThrowingHookComesBackAsInternalWithThePluginsMessage) {
  const auto outcome = load_fixture("throwing_hook");
  ASSERT_TRUE(outcome.connector) << outcome.error;
  const auto description = describe_connector(*outcome.connector);
  EXPECT_FALSE(description.ok());
  EXPECT_EQ(description.error,
            "connector fixture-throwing-hook: describe failed: INTERNAL: describe threw: the "
            "fixture's describe hook fails on purpose");
  // The host is still fine: another connector loads and describes.
  const auto good = load_fixture("good");
  ASSERT_TRUE(good.connector) << good.error;
  EXPECT_TRUE(describe_connector(*good.connector).ok());
}

TEST(FixtureLoading, MalformedDescribeJsonIsReportedWithSimdjsonsReason) {
  const auto outcome = load_fixture("malformed_describe");
  ASSERT_TRUE(outcome.connector) << outcome.error;
  const auto description = describe_connector(*outcome.connector);
  EXPECT_FALSE(description.ok());
  EXPECT_EQ(description.json, "");
  const std::string prefix =
      "connector fixture-malformed-describe returned malformed JSON from describe: ";
  ASSERT_TRUE(description.error.starts_with(prefix)) << description.error;
  EXPECT_GT(description.error.size(), prefix.size()) << "the simdjson reason is missing";
}

TEST(FixtureLoading, Sha256MismatchNamesExpectedAndActual) {
  const auto outcome = load_fixture("sha256_mismatch");
  EXPECT_FALSE(outcome.connector);
  const std::string actual = sha256sum(GOOD_FIXTURE_PATH);
  ASSERT_EQ(actual.size(), 64u);
  EXPECT_EQ(outcome.error, "connector fixture-sha256-mismatch: library " +
                               std::string(GOOD_FIXTURE_PATH) + " has sha256 " + actual +
                               " but the manifest pins " + std::string(64, '0') +
                               "; refusing to load it");
}

TEST(FixtureLoading, MalformedManifestNamesTheFile) {
  const auto outcome = load_fixture("malformed_manifest");
  EXPECT_FALSE(outcome.connector);
  EXPECT_TRUE(outcome.error.starts_with("connector manifest " +
                                        (kManifestDir / "malformed_manifest.json").string() +
                                        ": (document): is not valid JSON: "))
      << outcome.error;
}

TEST_F(ScratchManifests, CorrectSha256PinLoads) {
  const auto file =
      write("pinned.json",
            R"({"id": "fixture-good", "library": ")" + std::string(GOOD_FIXTURE_PATH) +
                R"(", "abi_major": 1, "sha256": ")" + sha256sum(GOOD_FIXTURE_PATH) + "\"}");
  const auto outcome = load(file);
  EXPECT_TRUE(outcome.connector) << outcome.error;
}

// A file that is not a shared library: loading it would fail with the dynamic loader's reason,
// so a different message proves the refusal happened before any load was attempted.
TEST_F(ScratchManifests, ShaPinAndManifestMajorAreCheckedBeforeLoading) {
  const auto not_elf = write("libnot_a_library.so", "this is not an ELF file\n");
  const auto pinned =
      write("pinned.json", R"({"id": "x", "library": ")" + not_elf.string() +
                               R"(", "abi_major": 1, "sha256": ")" + std::string(64, 'a') + "\"}");
  EXPECT_NE(load(pinned).error.find("but the manifest pins"), std::string::npos);
  const auto major = write(
      "major.json", R"({"id": "x", "library": ")" + not_elf.string() + R"(", "abi_major": 7})");
  EXPECT_NE(load(major).error.find("declares ABI major 7"), std::string::npos);
  const auto plain = write(
      "plain.json", R"({"id": "x", "library": ")" + not_elf.string() + R"(", "abi_major": 1})");
  const auto error = load(plain).error;
  EXPECT_TRUE(error.starts_with("connector x: cannot load library " + not_elf.string() + ": "))
      << error;
  EXPECT_NE(error.find("libnot_a_library.so"), std::string::npos) << error;
}

TEST_F(ScratchManifests, LibraryThatIsAnotherConnectorIsRefused) {
  const auto file =
      write("other.json", R"({"id": "someone-else", "library": ")" +
                              std::string(GOOD_FIXTURE_PATH) + R"(", "abi_major": 1})");
  EXPECT_EQ(load(file).error,
            "connector someone-else: the library identifies itself as connector 'fixture-good'");
}

TEST(FixtureLoading, LoadAllReportsEveryManifestAndKeepsGoing) {
  const auto outcomes = load_all(kManifestDir, kFixtureDir);
  std::map<std::string, const LoadOutcome*> by_file;
  for (const auto& o : outcomes) by_file[o.manifest_path.stem().string()] = &o;
  ASSERT_EQ(by_file.size(), 13u);
  for (const char* loads : {"good", "throwing_hook", "malformed_describe"}) {
    EXPECT_TRUE(by_file.at(loads)->connector) << loads << ": " << by_file.at(loads)->error;
  }
  const std::map<std::string, std::string> causes = {
      {"missing_entry", "does not export cnx_connector_get_api"},
      {"wrong_major", "speaks ABI major 2; this host speaks 1"},
      {"null_entry", "returned no table for ABI major 1"},
      {"null_required", "lacks the required function connection_close"},
      {"small_table", "bytes of an ABI 1.0 table"},
      {"sha256_mismatch", "but the manifest pins"},
      {"missing_library", "does not exist"},
      {"manifest_major", "declares ABI major 2"},
      {"malformed_manifest", "is not valid JSON"},
      {"missing_field", "/library: is required"},
  };
  for (const auto& [file, cause] : causes) {
    const LoadOutcome& o = *by_file.at(file);
    EXPECT_FALSE(o.connector) << file;
    EXPECT_NE(o.error.find(cause), std::string::npos) << file << ": " << o.error;
  }
}

TEST(FixtureLoading, LoadByIdFindsTheManifestOrNamesTheMissingId) {
  const auto good = load_by_id(kManifestDir, kFixtureDir, "fixture-good");
  EXPECT_TRUE(good.connector) << good.error;
  const auto missing = load_by_id(kManifestDir, kFixtureDir, "no-such-connector");
  EXPECT_FALSE(missing.connector);
  EXPECT_TRUE(missing.error.starts_with("connector no-such-connector: no manifest in " +
                                        kManifestDir.string() + " has this id"))
      << missing.error;
}

TEST(FixtureLoading, LoadAllOfAMissingDirectoryIsOneError) {
  const auto outcomes = load_all(kManifestDir / "nope", kFixtureDir);
  ASSERT_EQ(outcomes.size(), 1u);
  EXPECT_TRUE(outcomes[0].error.starts_with("cannot list connector manifest directory"))
      << outcomes[0].error;
}

std::string host_command(const std::string& args) {
  return std::string("'") + CONNECTOR_HOST_EXE + "' --manifest-dir '" + kManifestDir.string() +
         "' --plugin-dir '" + kFixtureDir.string() + "' " + args;
}

TEST(ConnectorHostCommand, ConnectorsListsTheGoodOneAndEveryErrorThenExitsOne) {
  const auto result = run_command(host_command("connectors"));
  EXPECT_EQ(result.exit_code, 1) << result.output;
  EXPECT_NE(result.output.find("fixture-good  1.2.3  ABI 1.0  " + std::string(GOOD_FIXTURE_PATH)),
            std::string::npos)
      << result.output;
  for (const char* line : {
           "does not export cnx_connector_get_api",
           "connector fixture-wrong-major speaks ABI major 2; this host speaks 1",
           "connector fixture-null-entry: entry cnx_connector_get_api returned no table",
           "connector fixture-null-required: function table lacks the required function",
           "connector fixture-sha256-mismatch: library",
           "connector fixture-missing-library: library",
           "connector fixture-manifest-major: manifest",
           "malformed_manifest.json: (document): is not valid JSON",
           "missing_field.json: /library: is required",
       }) {
    EXPECT_NE(result.output.find(line), std::string::npos) << line << "\n" << result.output;
  }
}

TEST(ConnectorHostCommand, DescribePrintsExactlyThePluginsDocument) {
  const auto result = run_command(host_command("describe fixture-good"));
  EXPECT_EQ(result.exit_code, 0) << result.output;
  const auto outcome = load_fixture("good");
  ASSERT_TRUE(outcome.connector);
  EXPECT_EQ(result.output, describe_connector(*outcome.connector).json + "\n");
}

TEST(ConnectorHostCommand, DescribeReportsBrokenHooksAndExitsOne) {
  const auto thrown = run_command(host_command("describe fixture-throwing-hook"));
  EXPECT_EQ(thrown.exit_code, 1);
  EXPECT_NE(thrown.output.find("describe failed: INTERNAL: describe threw: the fixture's"),
            std::string::npos)
      << thrown.output;
  const auto malformed = run_command(host_command("describe fixture-malformed-describe"));
  EXPECT_EQ(malformed.exit_code, 1);
  EXPECT_NE(malformed.output.find("connector fixture-malformed-describe returned malformed JSON "
                                  "from describe: "),
            std::string::npos)
      << malformed.output;
  const auto refused = run_command(host_command("describe fixture-null-entry"));
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.output.find("returned no table for ABI major 1"), std::string::npos)
      << refused.output;
}

}  // namespace
}  // namespace host::loader
