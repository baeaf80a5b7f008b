#include "engine/flows/export/export_output_claim.hpp"

#include "engine/flows/export/export_output_mark.hpp"
#include "engine/flows/export_definition.hpp"

namespace host::engine {
namespace {

constexpr const char* kTakeOverHint =
    "choose another output, or run with --take-over-output to make the file, as it is now, this "
    "flow's output";

std::string owner_name(const ExportStream& s) {
  return "flow " + s.flow +
         (s.mode ? std::string(" (") + stream_mode_name(*s.mode) + " runs)" : std::string());
}

// Other streams' claims on this file: same path under another flow or mode, or the same inode
// under another path (a link).
std::vector<ExportStream> other_claims(CursorStore& store, const OutputClaimRequest& request,
                                       const std::optional<FileState>& file) {
  std::vector<ExportStream> out;
  const auto streams =
      store.streams_of_file(request.output, file ? file->device : 0, file ? file->inode : 0);
  for (const ExportStream& s : streams) {
    if (s.flow == request.flow && s.output == request.output) continue;
    // A row whose mark names the inode but whose own path holds another file now is stale.
    if (s.output != request.output) {
      const auto theirs = read_file_state(s.output);
      if (!theirs || !file || theirs->device != file->device || theirs->inode != file->inode) {
        continue;
      }
    }
    out.push_back(s);
  }
  return out;
}

// Why `file` is not what `stream` committed, or empty; sets `cut_to` for our own pending tail.
std::string check_committed_file(const ExportStream& stream, const std::optional<FileState>& file,
                                 std::optional<uint64_t>& cut_to, std::string& warning) {
  const std::string& path = stream.output;
  const std::string committed = std::to_string(stream.committed_bytes) + " bytes";
  if (!file) {
    if (stream.committed_bytes == 0) return {};
    return path + " is gone, and this flow had committed " + committed + " to it (records up " +
           "to its cursor); restore it, or run with --take-over-output to start a new file from "
           "the cursor (add --reset-cursor to export everything again)";
  }
  if (!stream.mark) {  // a version-1 row: only the size is known
    if (file->size == stream.committed_bytes) return {};
    return path + " holds " + std::to_string(file->size) + " bytes where this flow committed " +
           committed + " (recorded before outputs were identified, so whose the difference is " +
           "cannot be told); " + kTakeOverHint;
  }
  const OutputMark& mark = *stream.mark;
  if (file->device != mark.device || file->inode != mark.inode) {
    return path +
           " is not the file this flow committed to (it was replaced or rotated: another "
           "file is at its path now); " +
           kTakeOverHint;
  }
  if (file->size < stream.committed_bytes) {
    return path + " is " + std::to_string(file->size) + " bytes, shorter than the " + committed +
           " this flow committed (cut or edited); " + kTakeOverHint;
  }
  if (tail_digest(path, stream.committed_bytes) != mark.tail_sha256) {
    return path + ": the end of the " + committed + " this flow committed has changed (edited); " +
           kTakeOverHint;
  }
  const bool pending = stream.pending_bytes.has_value();
  if (file->size == stream.committed_bytes) {
    if (!pending && file->mtime_ns != mark.mtime_ns) {
      return path +
             " was modified after this flow's last commit (same size, new modification "
             "time); " +
             std::string(kTakeOverHint);
    }
    return {};
  }
  const uint64_t extra = file->size - stream.committed_bytes;
  if (pending && file->size <= *stream.pending_bytes) {
    cut_to = stream.committed_bytes;
    warning = "cutting " + std::to_string(extra) +
              " bytes that an interrupted run of this flow "
              "appended to " +
              path + " after its last commit; the slices they belong to lie " +
              "after the cursor and are exported again now";
    return {};
  }
  return path + " has " + std::to_string(extra) + " bytes after the " + committed +
         " this flow committed that this flow did not write (another flow or a person appended " +
         "to it); " + kTakeOverHint;
}

}  // namespace

OutputClaim claim_export_output(CursorStore& store, const OutputClaimRequest& request) {
  OutputClaim claim;
  const auto file = read_file_state(request.output);
  const auto existing = store.load(request.flow, request.output);
  const auto others = other_claims(store, request, file);

  for (const ExportStream& other : others) {
    if (request.take_over) {
      claim.released.push_back(other);
      claim.warnings.push_back("taking " + request.output + " over from " + owner_name(other) +
                               ", which will refuse to append to it from now on");
      continue;
    }
    claim.refusal = request.output + " is the committed output of " + owner_name(other) +
                    "; a flow appends only to its own output, and a run in one mode never " +
                    "writes another mode's output: " + kTakeOverHint;
    return claim;
  }

  ExportStream& stream = claim.stream;
  if (existing) {
    stream = *existing;
  } else {
    stream.flow = request.flow;
    stream.output = request.output;
  }
  if (request.take_over) {
    if (file && !file->ends_with_newline) {
      claim.refusal = request.output +
                      " ends in an incomplete line; appending to it would "
                      "glue the next record onto it: finish or cut that line first";
      return claim;
    }
    if (file && file->size > 0) {
      claim.warnings.push_back("taking over " + request.output + " as it is (" +
                               std::to_string(file->size) + " bytes)");
    }
  } else if (!existing) {
    if (file && file->size > 0) {
      claim.refusal = request.output + " already holds " + std::to_string(file->size) +
                      " bytes that no run of this flow wrote; " + kTakeOverHint;
      return claim;
    }
  } else {
    if (existing->mode && *existing->mode != request.mode) {
      claim.refusal = request.output + " is this flow's output for " +
                      stream_mode_name(*existing->mode) + " runs; a " +
                      stream_mode_name(request.mode) + " run never writes it: " + kTakeOverHint;
      return claim;
    }
    std::string warning;
    claim.refusal = check_committed_file(*existing, file, claim.cut_to, warning);
    if (!claim.refusal.empty()) return claim;
    if (!warning.empty()) claim.warnings.push_back(warning);
  }

  if (existing && existing->definition && *existing->definition != request.definition &&
      !request.reset_cursor) {
    claim.refusal = "flow " + request.flow + " changed since its cursor for " + request.output +
                    " was stored (" +
                    describe_definition_change(*existing->definition, request.definition) +
                    "): the cursor covers the old export, and would skip the new one's records " +
                    "before it. Run with --reset-cursor to export the new definition from the " +
                    "window's start, or write to another output";
    return claim;
  }
  if (existing && !existing->definition && !request.reset_cursor) {
    claim.warnings.push_back("the cursor for " + request.output +
                             " was stored before cursors "
                             "recorded their export's definition; it is bound to this one now");
  }
  if (request.reset_cursor) {
    stream.cursor.reset();
    stream.completed = false;
  }
  stream.mode = request.mode;
  stream.definition = request.definition;
  stream.pending_bytes.reset();
  return claim;
}

std::string test_output_refusal(CursorStore& store, const std::string& output) {
  const auto file = read_file_state(output);
  OutputClaimRequest request;
  request.output = output;
  for (const ExportStream& other : other_claims(store, request, file)) {
    return output + " is the committed output of " + owner_name(other) +
           "; a test run replaces its output, so it never writes there: choose another --out";
  }
  return {};
}

}  // namespace host::engine
