// export_output_claim.hpp: decides, before an export writes anything, whether the output file
// and the stored cursor are what this run may build on.
//
// The rules (cursor_store.hpp says what is stored):
//   - A flow appends only to a file it committed to itself, in the same run mode. A file another
//     flow (or the other mode) committed to, found by path or by device + inode (links), is
//     refused; so is an existing non-empty file no flow committed to.
//   - The file must be what the last commit left: same device and inode, at least the committed
//     size, an intact committed tail, and no change since (mtime) unless an append of this flow
//     was pending. Bytes past the committed size are cut only when that pending append covers
//     them (an interrupted run of this flow wrote them); otherwise the run is refused.
//   - The stored cursor must have been made for the same definition (export_definition.hpp).
// `take_over` accepts the file as it is now as this stream's (releasing other streams' claims on
// it); `reset_cursor` forgets the cursor (and a once-run's completion) and binds the stream to
// the current definition. Neither touches the file's bytes.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "engine/flows/export/cursor_store.hpp"

namespace host::engine {

struct OutputClaimRequest {
  std::string flow;
  std::string output;  // canonical path
  StreamMode mode = StreamMode::kDelta;
  std::string definition;
  bool take_over = false;
  bool reset_cursor = false;
};

struct OutputClaim {
  // Non-empty: the run must not write; says what was found and which flag or action resolves it.
  std::string refusal;
  // The stream to save once the output is open (its mark is then taken from the file).
  ExportStream stream;
  std::optional<uint64_t> cut_to;      // cut the file back to this size first
  std::vector<ExportStream> released;  // other streams' claims to remove (take-over)
  std::vector<std::string> warnings;
};

// Reads the store and the file; writes nothing. ERRORS: store and file errors throw.
OutputClaim claim_export_output(CursorStore& store, const OutputClaimRequest& request);

// A test run replaces its output: the refusal when `output` is any stream's committed output,
// or empty.
std::string test_output_refusal(CursorStore& store, const std::string& output);

}  // namespace host::engine
