// OutputArena::build: one block per output, sized by a first pass of the same fill.
#include "output_arena.hpp"

#include <gtest/gtest.h>

#include <new>
#include <string>
#include <string_view>
#include <vector>

#include "kv_lookup.hpp"

namespace tts {
namespace {

TEST(OutputArena, BuildCopiesEveryStringAndListIntoTheBlock) {
  std::string key = "X-One";
  std::string value = "1";
  const cnx_kv headers[] = {{str(key), str(value)}, {str("X-Two"), str("")}};
  const std::vector<std::string> scopes = {"a", "bc"};
  const std::vector<cnx_record> records = {{{3, 4}, {5, 6}}, {{7, 8}, {9, 10}}};
  struct Out {
    size_t struct_size;
    const cnx_kv* headers;
    const cnx_str* scopes;
    const cnx_record* records;
    cnx_str empty;
  };
  Out* out = OutputArena::build<Out>([&](OutputArena& arena, Out& o) {
    o.headers = arena.copy_kvs(headers);
    o.scopes = arena.copy_strs(scopes);
    o.records = arena.copy_array<cnx_record>(records);
    o.empty = arena.copy("");
  });
  key = "clobbered";  // the output holds copies, not views of its inputs
  value = "2";
  ASSERT_NE(out, nullptr);
  EXPECT_EQ(out->struct_size, sizeof(Out));
  EXPECT_EQ(view(out->headers[0].key), "X-One");
  EXPECT_EQ(out->headers[0].key.data[5], '\0');
  EXPECT_EQ(view(out->headers[0].value), "1");
  EXPECT_EQ(view(out->headers[1].key), "X-Two");
  EXPECT_EQ(out->headers[1].value.data, nullptr);
  EXPECT_EQ(view(out->scopes[0]), "a");
  EXPECT_EQ(view(out->scopes[1]), "bc");
  EXPECT_EQ(out->records[1].key.offset, 9u);
  EXPECT_EQ(out->records[1].key.len, 10u);
  EXPECT_EQ(out->empty.data, nullptr);
  EXPECT_EQ(out->empty.len, 0u);
  OutputArena::free(out);
}

TEST(OutputArena, EmptyListsAreNull) {
  struct Out {
    size_t struct_size;
    const cnx_kv* headers;
    const cnx_str* scopes;
  };
  Out* out = OutputArena::build<Out>([](OutputArena& arena, Out& o) {
    o.headers = arena.copy_kvs({});
    o.scopes = arena.copy_strs({});
  });
  EXPECT_EQ(out->headers, nullptr);
  EXPECT_EQ(out->scopes, nullptr);
  OutputArena::free(out);
}

TEST(OutputArena, AFillThatTakesMoreTheSecondTimeIsRefused) {
  struct Out {
    size_t struct_size;
    cnx_str text;
  };
  int pass = 0;
  EXPECT_THROW(OutputArena::build<Out>([&](OutputArena& arena, Out& o) {
                 o.text = arena.copy(++pass == 1 ? "short" : "longer than the block was sized for");
               }),
               std::bad_alloc);
}

}  // namespace
}  // namespace tts
