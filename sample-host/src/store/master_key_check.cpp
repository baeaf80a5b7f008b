#include "store/master_key_check.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <cstdlib>
#include <span>

#include "store/connection_tables.hpp"
#include "store/master_key_rotation.hpp"
#include "store/token_store.hpp"

namespace host::store {
namespace {

constexpr const char* kKeyCheckName = "master_key_check";
// Changing the label invalidates every recorded check: it is part of the store format.
constexpr std::string_view kKeyCheckLabel = "connector-host master key check v1";

std::string key_check_of(const MasterKey& key) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int length = 0;
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(MasterKey::kSize),
           reinterpret_cast<const unsigned char*>(kKeyCheckLabel.data()), kKeyCheckLabel.size(),
           mac.data(), &length) == nullptr) {
    throw MasterKeyError("cannot compute the master key check: OpenSSL HMAC failed");
  }
  return std::string(reinterpret_cast<const char*>(mac.data()), length);
}

std::optional<std::string> recorded_key_check(Database& db) {
  Statement select = db.prepare("SELECT value FROM store_meta WHERE name = ?1");
  select.bind(1, kKeyCheckName);
  if (!select.step()) return std::nullopt;
  return select.column_blob(0);
}

bool holds_secrets(Database& db) {
  Statement select = db.prepare(
      "SELECT EXISTS(SELECT 1 FROM oauth_client_secrets) OR"
      " EXISTS(SELECT 1 FROM connection_secrets) OR EXISTS(SELECT 1 FROM connection_tokens)");
  return select.step() && select.column_int(0) != 0;
}

std::vector<int64_t> ids_of(Database& db, std::string_view table) {
  Statement select = db.prepare("SELECT id FROM " + std::string(table));
  std::vector<int64_t> ids;
  while (select.step()) ids.push_back(select.column_int(0));
  return ids;
}

// Whether `box` opens every secret already stored (a store from before key checks).
bool opens_every_secret(Database& db, const SecretBox& box) {
  for (int64_t id : ids_of(db, "oauth_clients")) {
    if (!open_sealed_fields(db, box, kOAuthClientSecrets, id)) return false;
  }
  for (int64_t id : ids_of(db, "connections")) {
    if (!open_sealed_fields(db, box, kConnectionSecrets, id)) return false;
    try {
      read_tokens(db, box, id);
    } catch (const SecretDecryptError&) {
      return false;
    }
  }
  return true;
}

const std::string& database_name(const Database& db) { return db.name(); }

[[noreturn]] void refuse_other_key(const Database& db, const std::string& source,
                                   std::string_view why) {
  throw MasterKeyError("the master key from " + source + " is not the key of " + database_name(db) +
                       " (" + std::string(why) + "); use the key the store was created with (set " +
                       kMasterKeyEnv + " to it, or restore its " + kMasterKeyFile +
                       "); nothing was read or written");
}

}  // namespace

VerifiedSecretBox open_verified_secret_box(Database& db, const std::filesystem::path& state_dir) {
  std::optional<std::string> recorded = recorded_key_check(db);
  std::optional<LoadedMasterKey> loaded = find_master_key(state_dir);
  if (!loaded) {
    if ((recorded || holds_secrets(db)) && state_dir.empty()) {
      throw MasterKeyError(db.name() + " holds secrets sealed with a master key, but " +
                           kMasterKeyEnv +
                           " is not set (a state in PostgreSQL keeps no key file): set it to the "
                           "key the store was created with");
    }
    if (recorded || holds_secrets(db)) {
      const auto file = state_dir / kMasterKeyFile;
      throw MasterKeyError(
          database_name(db) + " holds secrets sealed with a master key, but there is no key: " +
          kMasterKeyEnv + " is not set and master key file " + file.string() +
          " does not exist. Restore " + file.string() + " from a backup or set " + kMasterKeyEnv +
          " to the key; a new key would not open the stored secrets (to start "
          "over instead, delete " +
          (state_dir / kStateDatabaseFile).string() + ")");
    }
    loaded = load_or_create_master_key(state_dir);
  }
  if (recorded && std::getenv(kMasterKeyEnv) == nullptr &&
      !is_recorded_master_key(db, loaded->key)) {
    // A rotation that committed and was stopped before it renamed its new key file into place.
    if (auto rotated = finish_interrupted_rotation(db, state_dir)) loaded->key = *rotated;
  }
  const std::string check = key_check_of(loaded->key);
  VerifiedSecretBox out{SecretBox(loaded->key), loaded->source, loaded->created};
  if (recorded) {
    if (!is_recorded_master_key(db, loaded->key)) {
      refuse_other_key(db, loaded->source, "its key check differs");
    }
    return out;
  }
  db.transaction([&] {
    // Re-read under the write lock: another process may have recorded its key meanwhile.
    if (!recorded_key_check(db)) {
      if (!opens_every_secret(db, out.box)) {
        refuse_other_key(db, loaded->source, "it does not decrypt the secrets stored there");
      }
      record_master_key_check(db, loaded->key);
    }
  });
  recorded = recorded_key_check(db);
  if (!recorded || *recorded != check) {
    refuse_other_key(db, loaded->source, "another process recorded a different key first");
  }
  return out;
}

bool is_recorded_master_key(Database& db, const MasterKey& key) {
  const std::optional<std::string> recorded = recorded_key_check(db);
  const std::string check = key_check_of(key);
  return recorded && recorded->size() == check.size() &&
         CRYPTO_memcmp(recorded->data(), check.data(), check.size()) == 0;
}

void record_master_key_check(Database& db, const MasterKey& key) {
  const std::string check = key_check_of(key);
  std::span<const unsigned char> bytes(reinterpret_cast<const unsigned char*>(check.data()),
                                       check.size());
  db.prepare(
        "INSERT INTO store_meta(name, value) VALUES (?1, ?2)"
        " ON CONFLICT (name) DO UPDATE SET value = excluded.value")
      .bind(1, kKeyCheckName)
      .bind_blob(2, bytes)
      .run();
}

}  // namespace host::store
