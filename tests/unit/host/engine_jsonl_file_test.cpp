// JsonlWriter's byte accounting: appended spools land exactly at the end of what was written,
// buffered or not, and after a truncation.
#include <gtest/gtest.h>

#include <unistd.h>

#include <fstream>
#include <sstream>

#include "engine/flows/jsonl_file.hpp"
#include "file_contents.hpp"
#include "test_directory.hpp"

namespace host::engine {
namespace {

class EngineJsonlFile : public ::testing::Test {
 protected:
  std::filesystem::path write_file(const std::string& name, const std::string& content) {
    return test_support::write_file(dir_ / name, content);
  }
  static std::string read_file(const std::filesystem::path& path) {
    return test_support::file_bytes(path);
  }

  test_support::TestDirectory scratch_{"engine_jsonl"};
  const std::filesystem::path dir_ = scratch_.path();
};

// Lines numbered from `first`, `bytes` long in total (roughly), so misplaced blocks show.
std::string numbered_lines(int first, size_t bytes) {
  std::string out;
  for (int i = first; out.size() < bytes; ++i) out += "{\"n\":" + std::to_string(i) + "}\n";
  return out;
}

TEST_F(EngineJsonlFile, AppendedSpoolFollowsBufferedLinesByteForByte) {
  const std::string spool = numbered_lines(1000, 300 * 1024);  // several copy blocks
  const auto spool_path = write_file("spool.jsonl", spool);
  const auto out_path = dir_ / "out.jsonl";
  {
    JsonlWriter out(out_path, JsonlWriter::OpenMode::kTruncate);
    out.append("{\"n\":1}\n");  // still buffered when the spool is appended
    out.append_file(spool_path);
    out.append("{\"n\":2}\n");
    EXPECT_EQ(out.size(), 8 + spool.size() + 8);
    out.sync();
  }
  EXPECT_EQ(read_file(out_path), "{\"n\":1}\n" + spool + "{\"n\":2}\n");
}

TEST_F(EngineJsonlFile, AppendAfterTruncateStartsAtTheCut) {
  const auto out_path = write_file("out.jsonl", "{\"keep\":1}\n{\"torn\":");
  const auto spool_path = write_file("spool.jsonl", "{\"n\":3}\n");
  JsonlWriter out(out_path, JsonlWriter::OpenMode::kAppend);
  out.truncate(11);
  out.append_file(spool_path);
  out.sync();
  EXPECT_EQ(out.size(), 19u);
  EXPECT_EQ(read_file(out_path), "{\"keep\":1}\n{\"n\":3}\n");
}

TEST_F(EngineJsonlFile, AppendingAnEmptySpoolChangesNothing) {
  const auto out_path = write_file("out.jsonl", "{\"a\":1}\n");
  const auto spool_path = write_file("spool.jsonl", "");
  JsonlWriter out(out_path, JsonlWriter::OpenMode::kAppend);
  out.append_file(spool_path);
  out.sync();
  EXPECT_EQ(read_file(out_path), "{\"a\":1}\n");
}

TEST_F(EngineJsonlFile, MissingSpoolIsAnErrorNamingIt) {
  JsonlWriter out(dir_ / "out.jsonl", JsonlWriter::OpenMode::kTruncate);
  try {
    out.append_file(dir_ / "no-such-spool.jsonl");
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("no-such-spool.jsonl"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace host::engine
