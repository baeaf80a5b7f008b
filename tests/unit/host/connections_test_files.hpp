// connections_test_files.hpp: a fresh folder per test for manifests and secret files, and a
// connector schema the connections tests read manifests against.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "engine/connections/connection_manifest_fields.hpp"

namespace host::engine::test {

class ManifestFolder : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "connections-test-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  std::filesystem::path write(const std::string& name, const std::string& content) {
    const auto path = dir_ / name;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }

  std::filesystem::path dir_;
};

// A connector "acme" whose connection takes a required enum setting "region", an optional
// integer "page_limit", a setting and a secret whose names need escaping ("base/url", "key/id"),
// a required secret "api_key", and an OAuth client with "app_key" and the secret "app_secret".
inline ConnectionSchemaView acme_schema() {
  ConnectionSchemaView view;
  view.connector_id = "acme";
  view.config.fields = {
      {kNameConfigKey, "string", false, true, {}},
      {kOAuthClientConfigKey, "object", false, true, {}},
      {"region", "string", false, true, {"eu", "us"}},
      {"page_limit", "integer", false, false, {}},
      {"base/url", "string", false, false, {}},
      {"api_key", "string", true, true, {}},
      {"key/id", "string", true, false, {}},
  };
  view.oauth_client.fields = {
      {"app_key", "string", false, true, {}},
      {"app_secret", "string", true, true, {}},
  };
  return view;
}

inline SchemaLookup acme_lookup() {
  return [](const std::string& id) -> ConnectionSchemaView {
    if (id != "acme") throw std::runtime_error("no connector " + id + " is installed");
    return acme_schema();
  };
}

// The problem at `field`, or null.
inline const ManifestProblem* problem_at(const std::vector<ManifestProblem>& problems,
                                         std::string_view field) {
  for (const auto& p : problems) {
    if (p.field == field) return &p;
  }
  return nullptr;
}

}  // namespace host::engine::test
