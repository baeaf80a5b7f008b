// Loading and unloading a connector many times: every load really maps the library, every
// release really unmaps it, and (in the sanitizer build, where LeakSanitizer runs at exit)
// nothing allocated on the way is leaked.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "loader/connector_description.hpp"
#include "loader/connector_loader.hpp"

namespace host::loader {
namespace {

namespace fs = std::filesystem;

// True when /proc/self/maps lists `library`, i.e. it is loaded in this process.
bool is_mapped(const fs::path& library) {
  const std::string wanted = fs::canonical(library).string();
  std::ifstream maps("/proc/self/maps");
  std::string line;
  while (std::getline(maps, line)) {
    if (line.ends_with(wanted)) return true;
  }
  return false;
}

ConnectorManifest good_manifest() {
  std::string error;
  auto manifest = read_manifest(fs::path(FIXTURE_MANIFEST_DIR) / "good.json", FIXTURE_DIR, &error);
  EXPECT_TRUE(manifest) << error;
  return manifest.value_or(ConnectorManifest{});
}

struct LogCounter {
  int lines = 0;
  static void log(void* context, cnx_log_level, const char*, size_t) {
    ++static_cast<LogCounter*>(context)->lines;
  }
};

TEST(LoadUnload, AThousandCyclesOfLoadOpenDescribeCloseUnloadLeaveNothingBehind) {
  const ConnectorManifest manifest = good_manifest();
  ASSERT_FALSE(is_mapped(manifest.library)) << "another test left the fixture loaded";
  LogCounter counter;
  const cnx_host_services services{sizeof(cnx_host_services), &counter, &LogCounter::log, nullptr};
  constexpr int kCycles = 1000;
  for (int i = 0; i < kCycles; ++i) {
    auto outcome = load_connector(manifest);
    ASSERT_TRUE(outcome.connector) << "cycle " << i << ": " << outcome.error;
    const cnx_connector_api& api = outcome.connector->api();
    const cnx::Releaser releaser = releaser_for(outcome.connector);

    cnx_connection* raw = nullptr;
    cnx_error* raw_error = nullptr;
    const std::string config = R"({"cycle": )" + std::to_string(i) + "}";
    const cnx_status opened =
        api.connection_open(&services, cnx::to_cnx_str(config), &raw, &raw_error);
    const cnx::ConnectionPtr connection = cnx::adopt(raw, releaser);
    ASSERT_TRUE(cnx::Status::from_call(api, opened, raw_error).ok()) << "cycle " << i;
    ASSERT_TRUE(connection);

    const auto description = describe_connector(*outcome.connector);
    ASSERT_TRUE(description.ok()) << "cycle " << i << ": " << description.error;
    if (i % 100 == 0) {
      ASSERT_TRUE(is_mapped(manifest.library)) << "cycle " << i;
    }
    // connection (declared last) is released first, then the releaser's keep-alive, then
    // outcome: only then may the library go.
  }
  EXPECT_EQ(counter.lines, kCycles);
  EXPECT_FALSE(is_mapped(manifest.library)) << "the last release did not unload the library";
}

TEST(LoadUnload, EachReleaseUnloadsTheLibrary) {
  const ConnectorManifest manifest = good_manifest();
  for (int i = 0; i < 3; ++i) {
    auto outcome = load_connector(manifest);
    ASSERT_TRUE(outcome.connector) << outcome.error;
    EXPECT_TRUE(is_mapped(manifest.library));
    outcome.connector.reset();
    EXPECT_FALSE(is_mapped(manifest.library)) << "cycle " << i;
  }
}

TEST(LoadUnload, AnOutputKeepsTheLibraryLoadedUntilItIsReleased) {
  const ConnectorManifest manifest = good_manifest();
  auto outcome = load_connector(manifest);
  ASSERT_TRUE(outcome.connector) << outcome.error;
  cnx_buffer* raw = nullptr;
  ASSERT_EQ(outcome.connector->api().describe(&raw, nullptr), CNX_STATUS_OK);
  cnx::BufferPtr buffer = cnx::adopt(raw, releaser_for(outcome.connector));
  outcome.connector.reset();

  EXPECT_TRUE(is_mapped(manifest.library)) << "the output no longer keeps its library alive";
  EXPECT_TRUE(cnx::to_view(buffer->bytes).starts_with("{\"id\":\"fixture-good\""));
  buffer.reset();
  EXPECT_FALSE(is_mapped(manifest.library));
}

#ifdef REAL_PLUGIN_PATH
// The real connector, describe only (opening a connection needs its real config): it must load,
// describe and unload cleanly just the same, e.g. no STB_GNU_UNIQUE symbol pinning it in memory.
TEST(LoadUnload, RealConnectorLoadsDescribesAndUnloadsAThousandTimes) {
  ConnectorManifest manifest;
  manifest.id = "tiktok-shop";
  manifest.library = REAL_PLUGIN_PATH;
  manifest.abi_major = CNX_ABI_MAJOR;
  for (int i = 0; i < 1000; ++i) {
    auto outcome = load_connector(manifest);
    ASSERT_TRUE(outcome.connector) << "cycle " << i << ": " << outcome.error;
    const auto description = describe_connector(*outcome.connector);
    ASSERT_TRUE(description.ok()) << "cycle " << i << ": " << description.error;
  }
  EXPECT_FALSE(is_mapped(manifest.library));
}
#endif

}  // namespace
}  // namespace host::loader
