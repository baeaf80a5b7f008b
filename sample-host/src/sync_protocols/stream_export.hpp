// stream_export.hpp: reads one stream of one shop through the engine's flow run (run_flow: the
// same paging, slices, rate limits, retries and token refresh as `connector-host run`) into a
// protocol's messages.
//
// What is durable when follows record_sink.hpp: the records of a slice are emitted at append(),
// and the stream's state (the cursor of this shop) only at commit(), after every record before
// it, so a platform that stores the last state it saw resumes without losing a record (it may
// see the records after that state again).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "engine/flows/run/flow_run.hpp"
#include "sync_protocols/private_connection.hpp"
#include "sync_protocols/source_config.hpp"
#include "sync_protocols/source_streams.hpp"

namespace host::sync {

// A protocol's message writer. THREADING: called from one thread at a time.
class SyncEmitter {
 public:
  virtual ~SyncEmitter() = default;
  // One record (a JSON object that already carries kShopField).
  virtual void record(const SourceStream& stream, std::string_view record_json) = 0;
  // The stream's state after a commit; `records` were emitted for it since its previous state.
  virtual void state(const SourceStream& stream, const ShopCursors& cursors, uint64_t records) = 0;
  // Called after each commit (a refresh may have rotated the tokens meanwhile).
  virtual void after_commit() {}
};

struct StreamRead {
  const SourceStream* stream = nullptr;     // REQUIRED
  std::string shop;                         // the shop id
  bool incremental = false;                 // else a full refresh from the config's start
  ShopCursors* cursors = nullptr;           // REQUIRED: the stream's state, read and advanced
  uint64_t* records_since_state = nullptr;  // REQUIRED: kept across the stream's shops
};

// Runs the read. Returns the run's result (its error names the stream and the shop).
engine::FlowRunResult read_stream(PrivateConnection& connection, const SyncSettings& settings,
                                  const StreamRead& read, SyncEmitter& emitter);

// The shops a read covers: the config's shop ids, each checked against the authorized ones, or
// every authorized shop. ERRORS: throws ConfigFailure naming a shop the tokens do not cover.
std::vector<std::string> shops_to_read(const SyncSettings& settings,
                                       const std::vector<store::ScopeRow>& authorized);

}  // namespace host::sync
