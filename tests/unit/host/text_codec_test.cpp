// text_codec: lowercase hex and standard base64 agree with the RFC 4648 vectors, decode what they
// encode, and refuse every malformed input rather than guessing; UTC times print in the host's
// three forms.
#include <gtest/gtest.h>

#include <array>
#include <string>
#include <text_codec/base64.hpp>
#include <text_codec/enum_names.hpp>
#include <text_codec/hex.hpp>
#include <text_codec/secret_mask.hpp>
#include <text_codec/utc_time.hpp>

namespace textcodec {
namespace {

TEST(TextCodecHex, EncodesLowercaseTwoDigitsPerByte) {
  EXPECT_EQ(to_hex(std::string_view("\x00\x01\x7f\x80\xff", 5)), "00017f80ff");
  EXPECT_EQ(to_hex(std::string_view("")), "");
  const std::array<unsigned char, 2> bytes = {0xab, 0xcd};
  EXPECT_EQ(to_hex(bytes), "abcd");
}

TEST(TextCodecHex, WritesIntoACallerBufferWithoutTouchingTheRest) {
  const std::array<unsigned char, 2> bytes = {0x0f, 0xf0};
  char out[6] = {'x', 'x', 'x', 'x', '!', '\0'};
  write_hex(bytes, out);
  EXPECT_EQ(std::string(out), "0ff0!");
}

TEST(TextCodecHex, DecodesEitherCaseAndRoundTripsEveryByte) {
  std::string all;
  for (int b = 0; b < 256; ++b) all.push_back(static_cast<char>(b));
  const std::string hex = to_hex(all);
  std::array<unsigned char, 256> back{};
  ASSERT_TRUE(decode_hex(hex, back));
  for (int b = 0; b < 256; ++b) EXPECT_EQ(back[static_cast<size_t>(b)], b);

  std::array<unsigned char, 3> mixed{};
  ASSERT_TRUE(decode_hex("aBcDeF", mixed));
  EXPECT_EQ(mixed, (std::array<unsigned char, 3>{0xab, 0xcd, 0xef}));
}

TEST(TextCodecHex, RefusesAWrongLengthOrANonDigit) {
  std::array<unsigned char, 2> out{};
  EXPECT_FALSE(decode_hex("abc", out));
  EXPECT_FALSE(decode_hex("abcdef", out));
  EXPECT_FALSE(decode_hex("abcg", out));
  EXPECT_FALSE(decode_hex("ab c", out));
  EXPECT_EQ(hex_digit_value('g'), -1);
  EXPECT_EQ(hex_digit_value('F'), 15);
  EXPECT_EQ(hex_digit_value('0'), 0);
}

TEST(TextCodecHex, IsHexChecksTheExactNumberOfDigits) {
  EXPECT_TRUE(is_hex(std::string(64, 'A'), 64));
  EXPECT_FALSE(is_hex(std::string(63, 'a'), 64));
  EXPECT_FALSE(is_hex(std::string(63, 'a') + "z", 64));
}

// RFC 4648 section 10.
TEST(TextCodecBase64, MatchesTheRfcVectorsBothWays) {
  const std::pair<std::string, std::string> vectors[] = {
      {"", ""},
      {"f", "Zg=="},
      {"fo", "Zm8="},
      {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="},
      {"fooba", "Zm9vYmE="},
      {"foobar", "Zm9vYmFy"},
  };
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(to_base64(plain), encoded) << plain;
    std::string decoded;
    EXPECT_TRUE(decode_base64(encoded, decoded)) << encoded;
    EXPECT_EQ(decoded, plain) << encoded;
  }
}

TEST(TextCodecBase64, UsesTheStandardAlphabetAndKeepsZeroBytes) {
  EXPECT_EQ(to_base64(std::string_view("\xfb\xff\xbf", 3)), "+/+/");
  std::string decoded;
  ASSERT_TRUE(decode_base64("AAE=", decoded));
  EXPECT_EQ(decoded, std::string("\x00\x01", 2));
}

TEST(TextCodecBase64, RefusesWhatIsNotCanonicalPaddedBase64) {
  std::string out;
  for (const char* bad : {"Zg", "Zg=", "Zm9", "Z===", "Zg==Zg==", "Zm=v", "Zm9-", "Zm9_",
                          "Zh==" /* leftover bits set */, "Zm9=" /* likewise */, "Zm 9"}) {
    EXPECT_FALSE(decode_base64(bad, out)) << bad;
  }
}

TEST(TextCodecSecretMask, IsOneFixedStringThatRevealsNoLength) {
  EXPECT_EQ(kSecretMask, "********");
}

enum class Colour { kRed, kGreen, kBlue };
constexpr EnumName<Colour> kColourNames[] = {{Colour::kRed, "red"}, {Colour::kGreen, "green"}};

TEST(TextCodecEnumNames, NamesEachValueAndTheFallbackForOneTheTableLacks) {
  EXPECT_EQ(enum_name(kColourNames, Colour::kRed, "?"), "red");
  EXPECT_EQ(enum_name(kColourNames, Colour::kGreen, "?"), "green");
  EXPECT_EQ(enum_name(kColourNames, Colour::kBlue, "other"), "other");
  static_assert(enum_name(kColourNames, Colour::kGreen, "?") == "green");
}

TEST(TextCodecEnumNames, ParsesExactlyTheWordsItPrints) {
  EXPECT_EQ(enum_from_name(kColourNames, "green"), Colour::kGreen);
  EXPECT_EQ(enum_from_name(kColourNames, "red"), Colour::kRed);
  EXPECT_EQ(enum_from_name(kColourNames, "Red"), std::nullopt);
  EXPECT_EQ(enum_from_name(kColourNames, "blue"), std::nullopt);
  EXPECT_EQ(enum_from_name(kColourNames, ""), std::nullopt);
}

// 1764592496 is 2025-12-01 12:34:56 UTC; the three forms the host prints, and the epoch.
TEST(TextCodecUtcTime, PrintsOneInstantInEachForm) {
  EXPECT_EQ(utc_text(1764592496, UtcForm::kIso8601), "2025-12-01T12:34:56Z");
  EXPECT_EQ(utc_text(1764592496, UtcForm::kSeconds), "2025-12-01 12:34:56 UTC");
  EXPECT_EQ(utc_text(1764592496, UtcForm::kMinutes), "2025-12-01 12:34 UTC");
  EXPECT_EQ(utc_text(0, UtcForm::kIso8601), "1970-01-01T00:00:00Z");
  EXPECT_EQ(utc_text(-1, UtcForm::kIso8601), "1969-12-31T23:59:59Z");
}

}  // namespace
}  // namespace textcodec
