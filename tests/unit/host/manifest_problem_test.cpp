// The one manifest-problem formatter: "FILE: POINTER: MESSAGE" per problem, the whole document
// named "(document)" by every reader.
#include "manifest/manifest_problem.hpp"

#include <gtest/gtest.h>

namespace host::manifest {
namespace {

TEST(ManifestProblem, OneLineNamesTheFileThePointerAndTheMessage) {
  EXPECT_EQ(describe_problem("flows/f.json", {"/page_size", "too big"}),
            "flows/f.json: /page_size: too big");
}

TEST(ManifestProblem, TheWholeDocumentIsNamedDocumentNotSlash) {
  EXPECT_EQ(describe_problem("m.json", {"", "must be a JSON object"}),
            "m.json: (document): must be a JSON object");
  // "/" is a real pointer (the member named "" of the root) and is printed as itself.
  EXPECT_EQ(describe_problem("m.json", {"/", "unknown key"}), "m.json: /: unknown key");
  EXPECT_EQ(printed_location(""), kWholeDocument);
}

TEST(ManifestProblem, SeveralProblemsAreSeveralLinesWithoutATrailingNewline) {
  EXPECT_EQ(describe_problems("c.json", {{"/name", "is required"}, {"/secrets/a~1b", "bad"}}),
            "c.json: /name: is required\nc.json: /secrets/a~1b: bad");
  EXPECT_EQ(describe_problems("c.json", {}), "");
}

}  // namespace
}  // namespace host::manifest
