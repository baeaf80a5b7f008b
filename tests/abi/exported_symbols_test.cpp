// A connector exports exactly one dynamic symbol, cnx_connector_get_api, and nothing else (read
// with `nm -D --defined-only`). The rule is checked on every connector library the tree builds
// with the connector recipe (hidden visibility, plugin/exports.map, --exclude-libs,ALL): the real
// plugin and each fixture linked with the version script. The list comes from CMake
// (connector_libraries.inc), so a new fixture or plugin is checked without editing this file.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "run_command.hpp"

namespace {

const std::vector<std::string> kConnectorLibraries = {
#include "connector_libraries.inc"
};

// The names of the defined dynamic symbols of `library`, exactly as nm prints them. Fails the
// test when nm fails.
std::vector<std::string> defined_dynamic_symbols(const std::string& library) {
  std::vector<std::string> names;
  const auto nm = test_support::run_command("nm -D --defined-only '" + library + "'");
  EXPECT_EQ(nm.exit_code, 0) << "nm failed: " << nm.output;
  // Each line: "<address> <type letter> <name>".
  std::istringstream lines(nm.output);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    std::string address, type, name;
    if (fields >> address >> type >> name) names.push_back(name);
  }
  return names;
}

class ExportedSymbols : public ::testing::TestWithParam<std::string> {};

TEST_P(ExportedSymbols, ExactlyTheEntrySymbol) {
  ASSERT_TRUE(std::filesystem::is_regular_file(GetParam())) << GetParam();
  EXPECT_EQ(defined_dynamic_symbols(GetParam()), std::vector<std::string>{"cnx_connector_get_api"})
      << GetParam();
}

INSTANTIATE_TEST_SUITE_P(EveryConnectorLibrary, ExportedSymbols,
                         ::testing::ValuesIn(kConnectorLibraries),
                         [](const ::testing::TestParamInfo<std::string>& param_info) {
                           std::string stem =
                               std::filesystem::path(param_info.param).stem().string();
                           std::replace_if(
                               stem.begin(), stem.end(),
                               [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); },
                               '_');
                           return stem;
                         });

TEST(ExportedSymbolsCheck, ListsTheRealPlugin) {
  EXPECT_NE(std::find(kConnectorLibraries.begin(), kConnectorLibraries.end(), REAL_PLUGIN_PATH),
            kConnectorLibraries.end());
}

// The check itself can fail: a fixture built without the version script exports its own name.
TEST(ExportedSymbolsCheck, SeesASymbolExportedOutsideTheRecipe) {
  const auto names = defined_dynamic_symbols(FIXTURE_DIR "/libfixture_missing_entry.so");
  EXPECT_NE(std::find(names.begin(), names.end(), "cnx_connector_get_table"), names.end());
  EXPECT_NE(names, std::vector<std::string>{"cnx_connector_get_api"});
}

}  // namespace
