// sync_run.hpp: one read of the selected streams over the selected shops, shared by the Airbyte
// source and the Singer tap: the private connection is built from the config, each stream is
// read shop by shop (stream_export.hpp), and a refresh that rotated the tokens is reported with
// the config to store from now on.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/connections/host_paths.hpp"
#include "store/secret_box.hpp"
#include "sync_protocols/stream_export.hpp"

namespace host::sync {

struct SelectedStream {
  const SourceStream* stream = nullptr;
  bool incremental = false;
};

// The protocol's side of a read. THREADING: called from one thread at a time.
class SyncListener : public SyncEmitter {
 public:
  // Before the stream's first shop; after its first record; after its last shop (`complete`:
  // every shop read through) with the state it reached.
  virtual void stream_started(const SourceStream& /*stream*/) {}
  virtual void stream_running(const SourceStream& /*stream*/) {}
  virtual void stream_finished(const SourceStream& /*stream*/, bool /*complete*/,
                               const ShopCursors& /*cursors*/, uint64_t /*records*/) {}
  // A refresh replaced the tokens: `config_json` is the config with the new ones.
  virtual void tokens_rotated(std::string_view /*config_json*/) {}
};

struct SyncRequest {
  engine::HostPaths paths;  // plugin and manifest directories
  std::string connector;
  const SourceConfig* config = nullptr;  // REQUIRED
  std::string_view config_json;          // the config's text, for the rotated config
  std::vector<SelectedStream> streams;
  std::map<std::string, ShopCursors> states;  // incoming state per stream name
};

// The config with the stored tokens when the stored refresh token is no longer `known_refresh`
// (a refresh rotated it); nullopt otherwise. `known_refresh` then becomes the new one.
// ERRORS: throws std::runtime_error when the private state cannot be read.
std::optional<store::SecretString> rotated_config(const PrivateConnection& connection,
                                                  std::string_view config_json,
                                                  std::string& known_refresh);

// Runs the read. Returns "" when every stream was read through, else the first failure (one
// line, no secret). ERRORS: throws ConfigFailure when the config is refused before any stream
// starts, std::runtime_error for local failures then.
std::string run_sync(SyncRequest& request, SyncListener& listener);

}  // namespace host::sync
