// duplicate_key_pointers: every repeated key, however deep, at its escaped JSON pointer, in
// document order; nothing for documents without repeats.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/connections/json_duplicate_keys.hpp"

namespace host::engine {
namespace {

std::vector<std::string> repeats_in(const std::string& json) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  EXPECT_EQ(parser.parse(json).get(root), simdjson::SUCCESS) << json;
  return duplicate_key_pointers(root);
}

TEST(ConnectionsDuplicateKeys, NoRepeatNoPointer) {
  EXPECT_TRUE(repeats_in(R"({"a": 1, "b": {"a": 2}, "c": [{"a": 3}, {"a": 4}]})").empty());
  EXPECT_TRUE(repeats_in("[1, 2, 3]").empty());
  EXPECT_TRUE(repeats_in("\"text\"").empty());
}

TEST(ConnectionsDuplicateKeys, EveryRepeatIsNamedInDocumentOrder) {
  EXPECT_EQ(repeats_in(R"({"a": 1, "a": 2, "a": 3, "b": {"x": 1, "x": 2}})"),
            (std::vector<std::string>{"/a", "/a", "/b/x"}));
}

TEST(ConnectionsDuplicateKeys, RepeatsInsideArraysAreNamedByIndex) {
  EXPECT_EQ(repeats_in(R"({"list": [{"k": 1}, {"k": 1, "k": 2}]})"),
            (std::vector<std::string>{"/list/1/k"}));
  EXPECT_EQ(repeats_in(R"([[], [{"q": 0, "q": 0}]])"), (std::vector<std::string>{"/1/0/q"}));
}

TEST(ConnectionsDuplicateKeys, KeysAreEscapedInThePointer) {
  EXPECT_EQ(repeats_in(R"({"a/b": 1, "a/b": 2, "t~": {"": 1, "": 2}})"),
            (std::vector<std::string>{"/a~1b", "/t~0/"}));
}

}  // namespace
}  // namespace host::engine
