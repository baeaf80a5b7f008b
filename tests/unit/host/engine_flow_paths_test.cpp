// Paths in a flow manifest are relative to the manifest's folder, and a run's output is compared
// with the files it reads by device and inode (links and spellings of one file are one file).
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "engine/flows/flow_file_identity.hpp"
#include "engine/flows/flow_manifest.hpp"
#include "test_directory.hpp"

namespace host::engine {
namespace {

class EngineFlowPaths : public ::testing::Test {
 protected:
  void SetUp() override { std::filesystem::create_directories(dir_ / "flows"); }

  std::filesystem::path touch(const std::string& name) {
    std::ofstream(dir_ / name) << "x\n";
    return dir_ / name;
  }

  test_support::TestDirectory scratch_{"engine_paths"};
  const std::filesystem::path dir_ = scratch_.path();
};

TEST_F(EngineFlowPaths, RelativeOutputAndInputResolveAgainstTheManifestFolder) {
  std::vector<FlowProblem> problems;
  const auto manifest = dir_ / "flows" / "f.json";
  auto flow = parse_flow_manifest(
      manifest,
      R"({"name":"o","connection":"c","kind":"export","resource":"r","shop":"s",)"
      R"("output":"out/o.jsonl"})",
      problems);
  ASSERT_TRUE(problems.empty());
  EXPECT_EQ(flow.output, dir_ / "flows" / "out" / "o.jsonl");

  flow = parse_flow_manifest(
      manifest,
      R"({"name":"i","connection":"c","kind":"import","resource":"r","shop":"s",)"
      R"("input":"../in.jsonl"})",
      problems);
  ASSERT_TRUE(problems.empty());
  EXPECT_EQ(flow.input, dir_ / "in.jsonl");

  flow = parse_flow_manifest(
      manifest,
      R"({"name":"o","connection":"c","kind":"export","resource":"r","shop":"s",)"
      R"("output":"/abs/o.jsonl"})",
      problems);
  EXPECT_EQ(flow.output, "/abs/o.jsonl");
}

TEST_F(EngineFlowPaths, RelativeManifestPathResolvesAgainstTheCurrentDirectoryFirst) {
  const auto resolved = resolve_manifest_path("flows/f.json", "o.jsonl");
  EXPECT_EQ(resolved, std::filesystem::current_path() / "flows" / "o.jsonl");
}

TEST_F(EngineFlowPaths, OutputThatIsAnInputIsFoundThroughLinksAndSpellings) {
  const auto manifest = touch("flows/f.json");
  const auto input = touch("in.jsonl");
  const std::vector<ReadFile> reads = {{"the flow manifest", manifest},
                                       {"the import input", input}};

  auto clash = output_clash(dir_ / "flows" / ".." / "in.jsonl", reads);
  ASSERT_TRUE(clash);
  EXPECT_EQ(clash->role, "the import input");

  std::filesystem::create_symlink(manifest, dir_ / "link.json");
  clash = output_clash(dir_ / "link.json", reads);
  ASSERT_TRUE(clash);
  EXPECT_EQ(clash->role, "the flow manifest");

  std::filesystem::create_hard_link(input, dir_ / "hard.jsonl");
  clash = output_clash(dir_ / "hard.jsonl", reads);
  ASSERT_TRUE(clash);
  EXPECT_EQ(clash->role, "the import input");
  EXPECT_NE(describe_output_clash(dir_ / "hard.jsonl", *clash).find(input.string()),
            std::string::npos);
}

TEST_F(EngineFlowPaths, DistinctOrMissingOutputIsNoClash) {
  const auto manifest = touch("flows/f.json");
  const std::vector<ReadFile> reads = {{"the flow manifest", manifest}};
  EXPECT_FALSE(output_clash(touch("other.jsonl"), reads));
  EXPECT_FALSE(output_clash(dir_ / "not-yet.jsonl", reads));
}

}  // namespace
}  // namespace host::engine
