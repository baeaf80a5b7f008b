// AES-256-GCM secret box: round trip, wrong key, associated data, fresh nonces, tampering.
#include <gtest/gtest.h>

#include <set>

#include "store/secret_box.hpp"

namespace {

using host::store::MasterKey;
using host::store::SecretBox;

MasterKey key_of(unsigned char fill) {
  std::array<unsigned char, MasterKey::kSize> bytes{};
  bytes.fill(fill);
  return MasterKey(bytes);
}

TEST(SecretBoxTest, RoundTripReturnsThePlaintext) {
  SecretBox box(key_of(1));
  const std::string sealed = box.seal("connection:1", "app_secret", "s3cr3t");
  auto opened = box.open("connection:1", "app_secret", sealed);
  ASSERT_TRUE(opened.has_value());
  EXPECT_EQ(opened->view(), "s3cr3t");
}

TEST(SecretBoxTest, CiphertextDoesNotContainThePlaintext) {
  SecretBox box(key_of(1));
  const std::string sealed = box.seal("connection:1", "app_secret", "plain-secret-text");
  EXPECT_EQ(sealed.find("plain-secret-text"), std::string::npos);
}

TEST(SecretBoxTest, AnotherMasterKeyCannotOpen) {
  const std::string sealed = SecretBox(key_of(1)).seal("connection:1", "app_secret", "s");
  EXPECT_FALSE(SecretBox(key_of(2)).open("connection:1", "app_secret", sealed).has_value());
}

TEST(SecretBoxTest, CiphertextMovedToAnotherFieldCannotOpen) {
  SecretBox box(key_of(1));
  const std::string sealed = box.seal("connection:1", "access_token", "tok");
  EXPECT_FALSE(box.open("connection:1", "refresh_token", sealed).has_value());
}

TEST(SecretBoxTest, CiphertextMovedToAnotherRowCannotOpen) {
  SecretBox box(key_of(1));
  const std::string sealed = box.seal("connection:1", "app_secret", "s");
  EXPECT_FALSE(box.open("connection:2", "app_secret", sealed).has_value());
  EXPECT_FALSE(box.open("oauth_client:1", "app_secret", sealed).has_value());
}

TEST(SecretBoxTest, EverySealUsesAFreshNonce) {
  SecretBox box(key_of(1));
  std::set<std::string> nonces;
  std::set<std::string> sealed_texts;
  for (int i = 0; i < 200; ++i) {
    const std::string sealed = box.seal("connection:1", "f", "same plaintext");
    nonces.insert(sealed.substr(1, 12));
    sealed_texts.insert(sealed);
  }
  EXPECT_EQ(nonces.size(), 200u);
  EXPECT_EQ(sealed_texts.size(), 200u);
}

TEST(SecretBoxTest, AnyFlippedBitIsDetected) {
  SecretBox box(key_of(1));
  const std::string sealed = box.seal("connection:1", "f", "value");
  for (size_t i = 0; i < sealed.size(); ++i) {
    std::string damaged = sealed;
    damaged[i] = static_cast<char>(damaged[i] ^ 0x01);
    EXPECT_FALSE(box.open("connection:1", "f", damaged).has_value()) << "byte " << i;
  }
  EXPECT_FALSE(box.open("connection:1", "f", sealed.substr(0, 10)).has_value());
}

TEST(SecretBoxTest, EmptySecretRoundTrips) {
  SecretBox box(key_of(3));
  auto opened = box.open("o", "f", box.seal("o", "f", ""));
  ASSERT_TRUE(opened.has_value());
  EXPECT_TRUE(opened->empty());
}

}  // namespace
