// JSON Pointer helpers (json_writer/json_pointer.hpp), shared by the plugin and the host: RFC 6901
// escaping in the right order, and parsing that undoes it or says the pointer is malformed.
#include <gtest/gtest.h>

#include <json_writer/json_pointer.hpp>
#include <string>
#include <vector>

namespace jsonw {
namespace {

TEST(JsonPointer, EscapesTildeBeforeSlash) {
  EXPECT_EQ(pointer_token("plain"), "plain");
  EXPECT_EQ(pointer_token("a/b"), "a~1b");
  EXPECT_EQ(pointer_token("m~n"), "m~0n");
  // A key that already looks escaped must not be confused with one that is.
  EXPECT_EQ(pointer_token("~1"), "~01");
  EXPECT_EQ(pointer_token(""), "");
}

TEST(JsonPointer, ChildPointersJoinWithSlashes) {
  EXPECT_EQ(child_pointer("", "settings"), "/settings");
  EXPECT_EQ(child_pointer("/settings", "base/url"), "/settings/base~1url");
  EXPECT_EQ(child_pointer("/items", "0"), "/items/0");
  EXPECT_EQ(child_pointer("", ""), "/");
  std::string pointer = "/a";
  append_pointer_token(pointer, "~");
  EXPECT_EQ(pointer, "/a~0");
}

TEST(JsonPointer, UnescapeUndoesEscapeForAwkwardKeys) {
  for (const std::string key : {"", "a/b", "~", "~1", "~0~1//~~", "x~y/z"}) {
    const auto back = unescape_pointer_token(pointer_token(key));
    ASSERT_TRUE(back.has_value()) << key;
    EXPECT_EQ(*back, key);
  }
}

TEST(JsonPointer, UnescapeRefusesATildeThatEscapesNothing) {
  EXPECT_FALSE(unescape_pointer_token("a~").has_value());
  EXPECT_FALSE(unescape_pointer_token("a~2").has_value());
  EXPECT_FALSE(unescape_pointer_token("~x").has_value());
}

TEST(JsonPointer, ParseSplitsIntoUnescapedTokens) {
  EXPECT_EQ(parse_pointer(""), std::vector<std::string>{});
  EXPECT_EQ(parse_pointer("/"), std::vector<std::string>{""});
  EXPECT_EQ(parse_pointer("/settings/base~1url"),
            (std::vector<std::string>{"settings", "base/url"}));
  EXPECT_EQ(parse_pointer("/a~0b//c"), (std::vector<std::string>{"a~b", "", "c"}));
  EXPECT_EQ(parse_pointer(child_pointer(child_pointer("", "x/y"), "~")),
            (std::vector<std::string>{"x/y", "~"}));
}

TEST(JsonPointer, ParseRefusesAPointerWithoutLeadingSlashOrWithABadEscape) {
  EXPECT_FALSE(parse_pointer("settings").has_value());
  EXPECT_FALSE(parse_pointer("/a/b~").has_value());
  EXPECT_FALSE(parse_pointer("/a~3").has_value());
}

}  // namespace
}  // namespace jsonw
