// master_key_check.hpp: one master key per state database, checked before any secret is sealed
// or opened.
//
// The connections area keeps a key check in store_meta: HMAC-SHA256 under the master key of a
// fixed label (it proves which key the store belongs to and reveals nothing of it). It is recorded
// the first time a key is used with the store, and every later use compares against it, so a
// second key can neither seal secrets next to the first one's nor make a lost key file look
// like a fresh start.
#pragma once

#include <filesystem>

#include "store/database.hpp"
#include "store/master_key.hpp"
#include "store/secret_box.hpp"

namespace host::store {

// The secret box of the store in `db` (<state_dir>/state.db, connections area migrated), and
// where its key came from.
struct VerifiedSecretBox {
  SecretBox box;
  std::string key_source;    // "environment variable ..." or "master key file PATH"
  bool key_created = false;  // a new key file was made: the caller tells the person
};

// Loads the master key (find_master_key / load_or_create_master_key) and verifies it against the
// store's key check:
// - a recorded check must match, else MasterKeyError naming the key's source;
// - a store with secrets or a check but no key (variable unset, key file missing) is refused:
//   a new key would silently lose every secret;
// - a store without a check (made before checks existed, or not yet given a key) gets one, after
//   the key decrypted every secret already in it (a store with no secrets takes any key).
// ERRORS: throws MasterKeyError (never with key material); StoreError on database failures.
// THREADING: processes racing to record the first check agree on one; the loser's key, if
// different, is refused.
VerifiedSecretBox open_verified_secret_box(Database& db, const std::filesystem::path& state_dir);

// Whether `key` is the key the store's recorded check names (false when none is recorded).
// ERRORS: throws MasterKeyError, StoreError.
bool is_recorded_master_key(Database& db, const MasterKey& key);

// Records `key`'s check in place of the store's (a key rotation, store/master_key_rotation.hpp).
// REQUIRES: inside the transaction that re-sealed every secret under `key`.
void record_master_key_check(Database& db, const MasterKey& key);

}  // namespace host::store
