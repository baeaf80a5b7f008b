// The one regression runner for the fuzz targets, in every normal build: every file in
// tests/fuzz/seeds/<target>/ and tests/fuzz/regressions/<target>/ (README.md aside) and every fixed
// nasty input of its side (nasty_inputs.hpp) goes through that target's entry function. A broken
// invariant aborts the binary. A crash a fuzzer finds is kept by adding its artifact to
// regressions/<target>/; nothing else needs editing.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "fuzz_entries.hpp"
#include "host_fuzz_entries.hpp"
#include "host_webhook_fuzz_entry.hpp"
#include "nasty_inputs.hpp"

namespace {

namespace fs = std::filesystem;

using Entry = int (*)(const uint8_t*, size_t);

using Inputs = const std::vector<std::string>& (*)();

struct FuzzTarget {
  std::string name;  // the libFuzzer binary, and its folder under seeds/ and regressions/
  Entry entry;
  Inputs nasty_inputs;  // null for the webhook delivery, whose hostile requests need their own
                        // expected statuses (host_webhook_fuzz_regression_test.cpp)
};

const std::vector<FuzzTarget>& fuzz_targets() {
  static const std::vector<FuzzTarget> targets = {
      {"fuzz_connection_config", &tts::fuzz::fuzz_connection_config,
       &fuzz_regression::connector_nasty_inputs},
      {"fuzz_token_response", &tts::fuzz::fuzz_token_response,
       &fuzz_regression::connector_nasty_inputs},
      {"fuzz_classify_response", &tts::fuzz::fuzz_classify_response,
       &fuzz_regression::connector_nasty_inputs},
      {"fuzz_callback_query", &tts::fuzz::fuzz_callback_query,
       &fuzz_regression::connector_nasty_inputs},
      {"fuzz_webhook", &tts::fuzz::fuzz_webhook, &fuzz_regression::connector_nasty_inputs},
      {"fuzz_flow_manifest", &host_fuzz::fuzz_flow_manifest, &fuzz_regression::host_nasty_inputs},
      {"fuzz_flow_catalog", &host_fuzz::fuzz_flow_catalog, &fuzz_regression::host_nasty_inputs},
      {"fuzz_connection_manifest", &host_fuzz::fuzz_connection_manifest,
       &fuzz_regression::host_nasty_inputs},
      {"fuzz_oauth_client_manifest", &host_fuzz::fuzz_oauth_client_manifest,
       &fuzz_regression::host_nasty_inputs},
      {"fuzz_connector_manifest", &host_fuzz::fuzz_connector_manifest,
       &fuzz_regression::host_nasty_inputs},
      {"fuzz_page_response", &host_fuzz::fuzz_page_response, &fuzz_regression::host_nasty_inputs},
      {"fuzz_webhook_delivery", &host_fuzz::fuzz_webhook_delivery, nullptr},
  };
  return targets;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Every regular file in `dir` except README.md, sorted; none when `dir` does not exist.
std::vector<fs::path> inputs_in(const fs::path& dir) {
  std::vector<fs::path> files;
  if (!fs::is_directory(dir)) return files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().filename() != "README.md") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

class FuzzInputs : public ::testing::TestWithParam<FuzzTarget> {};

TEST_P(FuzzInputs, EverySeedAndRegressionInputKeepsTheInvariants) {
  const fs::path root = FUZZ_SOURCE_DIR;
  for (const char* kind : {"seeds", "regressions"}) {
    for (const fs::path& path : inputs_in(root / kind / GetParam().name)) {
      const std::string input = read_file(path);
      EXPECT_EQ(GetParam().entry(reinterpret_cast<const uint8_t*>(input.data()), input.size()), 0)
          << path;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(EveryTarget, FuzzInputs, ::testing::ValuesIn(fuzz_targets()),
                         [](const auto& param_info) { return param_info.param.name; });

// The targets that have fixed nasty inputs of their side (all but the webhook delivery).
std::vector<FuzzTarget> targets_with_nasty_inputs() {
  std::vector<FuzzTarget> targets;
  for (const auto& target : fuzz_targets()) {
    if (target.nasty_inputs != nullptr) targets.push_back(target);
  }
  return targets;
}

class NastyInputs : public ::testing::TestWithParam<FuzzTarget> {};

TEST_P(NastyInputs, EveryNastyInputOfItsSideKeepsTheInvariants) {
  for (const auto* inputs : {&fuzz_regression::common_nasty_inputs(), &GetParam().nasty_inputs()}) {
    for (const std::string& input : *inputs) {
      EXPECT_EQ(GetParam().entry(reinterpret_cast<const uint8_t*>(input.data()), input.size()), 0)
          << input;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(EveryTarget, NastyInputs, ::testing::ValuesIn(targets_with_nasty_inputs()),
                         [](const auto& param_info) { return param_info.param.name; });

// The table above and the libFuzzer binaries CMake builds (FUZZ_TARGET_NAMES) are the same set.
TEST(FuzzInputsLayout, TheRunnerKnowsEveryFuzzTarget) {
  std::vector<std::string> built;
  std::istringstream names(FUZZ_TARGET_NAMES);
  for (std::string name; std::getline(names, name, ',');) built.push_back(name);
  std::vector<std::string> known;
  for (const auto& target : fuzz_targets()) known.push_back(target.name);
  std::sort(built.begin(), built.end());
  std::sort(known.begin(), known.end());
  EXPECT_EQ(known, built);
}

// A folder under seeds/ or regressions/ that names no target would never run.
TEST(FuzzInputsLayout, EveryInputFolderNamesAFuzzTarget) {
  const fs::path root = FUZZ_SOURCE_DIR;
  for (const char* kind : {"seeds", "regressions"}) {
    ASSERT_TRUE(fs::is_directory(root / kind)) << root / kind;
    for (const auto& entry : fs::directory_iterator(root / kind)) {
      const std::string name = entry.path().filename().string();
      EXPECT_TRUE(std::any_of(fuzz_targets().begin(), fuzz_targets().end(),
                              [&](const FuzzTarget& t) { return t.name == name; }))
          << entry.path() << " names no fuzz target";
    }
  }
}

}  // namespace
