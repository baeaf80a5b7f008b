// A connector exports exactly one symbol: cnx_connector_get_api. Read from the dynamic symbol
// table with `nm -D --defined-only`, for the good fixture (linked with the real plugin's recipe:
// hidden visibility, plugin/exports.map, --exclude-libs,ALL) and for the real plugin when the
// build has it.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "run_command.hpp"

namespace {

// Symbols the static linker itself may define in the dynamic symbol table of any shared object.
// They carry no code and no data of the plugin; older binutils export them even when a version
// script says `local: *`, newer ones do not. Nothing else is ignored.
//   _init, _fini      the DT_INIT/DT_FINI section entry points
//   _edata, _end      the end of initialized data / of bss
//   __bss_start       the start of bss
const std::set<std::string> kLinkerDefined = {"_init", "_fini", "_edata", "_end", "__bss_start"};

// The names of the defined dynamic symbols of `library`, version suffixes (@@V) stripped.
// Fails the test when nm fails.
std::vector<std::string> defined_dynamic_symbols(const std::string& library) {
  std::vector<std::string> names;
  const auto nm = test_support::run_command("nm -D --defined-only '" + library + "'");
  EXPECT_EQ(nm.exit_code, 0) << "nm failed: " << nm.output;
  const std::string& output = nm.output;
  // Each line: "<address> <type letter> <name>".
  std::istringstream lines(output);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    std::string address, type, name;
    if (!(fields >> address >> type >> name)) continue;
    names.push_back(name.substr(0, name.find('@')));
  }
  return names;
}

void expect_only_the_entry_symbol(const std::string& library) {
  const auto names = defined_dynamic_symbols(library);
  std::vector<std::string> exported;
  for (const auto& name : names) {
    if (!kLinkerDefined.contains(name)) exported.push_back(name);
  }
  EXPECT_EQ(exported, std::vector<std::string>{"cnx_connector_get_api"}) << library;
}

TEST(ExportedSymbols, GoodFixtureExportsOnlyTheEntry) {
  expect_only_the_entry_symbol(GOOD_FIXTURE_PATH);
}

// The check itself can fail: a fixture built without the version script exports its own name.
TEST(ExportedSymbols, CheckSeesASymbolExportedOutsideTheRecipe) {
  const auto names = defined_dynamic_symbols(FIXTURE_DIR "/libfixture_missing_entry.so");
  EXPECT_NE(std::find(names.begin(), names.end(), "cnx_connector_get_table"), names.end());
}

#ifdef REAL_PLUGIN_PATH
TEST(ExportedSymbols, RealPluginExportsOnlyTheEntry) {
  expect_only_the_entry_symbol(REAL_PLUGIN_PATH);
}
#endif

}  // namespace
