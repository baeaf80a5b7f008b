// master_key_rotation.hpp: re-encrypting every secret of the store under a new master key
// (`connector-host state rekey`), so that an interruption at any point leaves one valid key.
//
// The protocol, for a key kept in <state>/master.key:
//   1. the new key is written to <state>/master.key.new (fsync'd);
//   2. one transaction re-seals every secret under the new key and records its key check;
//   3. master.key.new is renamed over master.key (and the directory fsync'd).
// Stopped before 2 commits, nothing in the store changed: the old key opens everything, and the
// .new file is a leftover that the next rotation replaces and that nothing reads. Stopped after
// 2 and before 3, the store names the new key: open_verified_secret_box() sees that master.key
// is not the store's key, master.key.new is, and finishes step 3 (finish_interrupted_rotation).
// A key given in the environment has no file: step 2 alone, and the person sets the variable.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>

#include "store/database.hpp"
#include "store/master_key.hpp"
#include "store/secret_box.hpp"

namespace host::store {

// Where step 1 writes the new key, next to kMasterKeyFile.
inline constexpr const char* kPendingMasterKeyFile = "master.key.new";

// Called after each re-sealed value, inside the transaction, with how many were re-sealed so far
// (tests fail the rotation midway by throwing from it).
using ResealProgress = std::function<void(size_t resealed)>;

// Step 2: re-seals every sealed value (OAuth client secrets, connection secrets, tokens) from
// `from` to `to` and records `to`'s key check, in one transaction; returns how many values.
// ERRORS: throws StoreError (also for a value `from` does not open: nothing is changed) and
// whatever `progress` throws; either way the transaction is rolled back.
size_t reseal_secrets(Database& db, const SecretBox& from, const MasterKey& to,
                      const ResealProgress& progress = {});

// Steps 1 to 3 for a store whose key is its key file. ERRORS: as reseal_secrets(), and
// MasterKeyError when the new key file cannot be written or renamed.
size_t rotate_master_key_file(Database& db, const SecretBox& from,
                              const std::filesystem::path& state_dir, const MasterKey& to,
                              const ResealProgress& progress = {});

// When master.key.new holds the key the store's check names, renames it over master.key and
// returns that key; nullopt otherwise (no such file, or a leftover of a rotation that did not
// commit). ERRORS: throws MasterKeyError (an unreadable file, a failed rename).
std::optional<MasterKey> finish_interrupted_rotation(Database& db,
                                                     const std::filesystem::path& state_dir);

}  // namespace host::store
