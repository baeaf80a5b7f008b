// The module exports exactly one dynamic symbol: cnx_connector_get_api.
#include <gtest/gtest.h>

#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

namespace {

TEST(ExportedSymbols, ModuleExportsOnlyTheEntryPoint) {
  const std::string command =
      std::string("nm -D --defined-only '") + TIKTOK_SHOP_PLUGIN_PATH + "' 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  char buffer[512];
  while (fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
  ASSERT_EQ(pclose(pipe), 0) << output;
  std::vector<std::string> names;
  std::istringstream lines(output);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    std::string address, type, name;
    if (fields >> address >> type >> name) names.push_back(name);
  }
  EXPECT_EQ(names, std::vector<std::string>{"cnx_connector_get_api"}) << output;
}

}  // namespace
