// The option table: what it parses, what it refuses (naming the argument), and the help it
// generates from the same rows.
#include "cli/option_table.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

namespace host::cli {
namespace {

struct Parsed {
  std::string connection;
  std::string mode = "delta";
  bool force = false;
  std::vector<std::string> queries;
  std::string manifest;
  long long limit = 10;
};

OptionTable table_for(Parsed& p) {
  return {
      .command = "tool run",
      .operands = {{.name = "MANIFEST", .help = "the flow to run", .set = set_text(&p.manifest)}},
      .options = {{.name = "--connection",
                   .value_name = "NAME",
                   .help = "the connection",
                   .required = true,
                   .set = set_text(&p.connection)},
                  {.name = "--mode",
                   .value_name = "all|delta",
                   .help = "how much",
                   .set = set_text(&p.mode)},
                  {.name = "--force",
                   .help = "even when in use",
                   .kind = OptionKind::kFlag,
                   .set = set_true(&p.force)},
                  {.name = "--query",
                   .value_name = "K=V",
                   .help = "an extra parameter",
                   .kind = OptionKind::kRepeated,
                   .set = append_text(&p.queries)},
                  {.name = "--limit",
                   .value_name = "N",
                   .help = "how many",
                   .set =
                       [&p](const std::string& v) {
                         if (!parse_whole_number(v, &p.limit) || p.limit <= 0) {
                           return "takes a positive number, not '" + v + "'";
                         }
                         return std::string();
                       }}},
      .summary = "Runs a flow.",
      .details = "exit codes: 0 success"};
}

struct Run {
  ParseOutcome outcome;
  std::string out;
  std::string err;
};

Run parse(const OptionTable& table, const std::vector<std::string>& args) {
  std::ostringstream out, err;
  const ParseOutcome outcome = parse_options(table, args, out, err);
  return {outcome, out.str(), err.str()};
}

TEST(CliOptionTable, ParsesValuesFlagsRepeatsAndOperandsInAnyOrder) {
  Parsed p;
  const auto r = parse(table_for(p), {"--query", "a=1", "flow.json", "--connection", "shop",
                                      "--force", "--query", "b=2", "--mode", "all"});
  ASSERT_EQ(r.outcome, ParseOutcome::kParsed) << r.err;
  EXPECT_EQ(p.manifest, "flow.json");
  EXPECT_EQ(p.connection, "shop");
  EXPECT_EQ(p.mode, "all");
  EXPECT_TRUE(p.force);
  EXPECT_EQ(p.queries, (std::vector<std::string>{"a=1", "b=2"}));
  EXPECT_TRUE(r.out.empty());
  EXPECT_TRUE(r.err.empty());
}

TEST(CliOptionTable, AValueIsTheNextArgumentEvenWhenItLooksLikeAnOption) {
  Parsed p;
  const auto r = parse(table_for(p), {"f", "--connection", "--force"});
  ASSERT_EQ(r.outcome, ParseOutcome::kParsed) << r.err;
  EXPECT_EQ(p.connection, "--force");
  EXPECT_FALSE(p.force);
}

TEST(CliOptionTable, UnknownOptionIsNamedWithTheUsageLine) {
  Parsed p;
  const auto r = parse(table_for(p), {"f", "--connection", "c", "--colour", "red"});
  EXPECT_EQ(r.outcome, ParseOutcome::kBadUsage);
  EXPECT_EQ(r.err.rfind("tool run: unknown option '--colour'\nusage: tool run MANIFEST", 0), 0u)
      << r.err;
}

TEST(CliOptionTable, MissingOrEmptyValueNamesTheOption) {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"f", "--connection"}, {"f", "--connection", ""}}) {
    Parsed p;
    const auto r = parse(table_for(p), args);
    EXPECT_EQ(r.outcome, ParseOutcome::kBadUsage);
    EXPECT_NE(r.err.find("tool run: --connection needs a value\n"), std::string::npos) << r.err;
  }
}

TEST(CliOptionTable, ARefusedValueIsExplainedAfterTheOptionName) {
  Parsed p;
  const auto r = parse(table_for(p), {"f", "--connection", "c", "--limit", "-3"});
  EXPECT_EQ(r.outcome, ParseOutcome::kBadUsage);
  EXPECT_NE(r.err.find("tool run: --limit takes a positive number, not '-3'\n"), std::string::npos)
      << r.err;
}

TEST(CliOptionTable, MissingRequiredOptionIsNamed) {
  Parsed p;
  const auto r = parse(table_for(p), {"f"});
  EXPECT_EQ(r.outcome, ParseOutcome::kBadUsage);
  EXPECT_NE(r.err.find("tool run: --connection is required\n"), std::string::npos) << r.err;
}

TEST(CliOptionTable, SeveralRequiredOptionsAreListedWithTheMissingOnes) {
  std::string a, b, c;
  const OptionTable table{
      .command = "tool sign",
      .options = {{.name = "--a", .value_name = "X", .required = true, .set = set_text(&a)},
                  {.name = "--b", .value_name = "X", .required = true, .set = set_text(&b)},
                  {.name = "--c", .value_name = "X", .required = true, .set = set_text(&c)}}};
  const auto r = parse(table, {"--b", "1"});
  EXPECT_EQ(r.outcome, ParseOutcome::kBadUsage);
  EXPECT_NE(r.err.find("tool sign: --a, --b and --c are required (missing: --a and --c)\n"),
            std::string::npos)
      << r.err;
  const auto none = parse(table, {});
  EXPECT_NE(none.err.find("tool sign: --a, --b and --c are required\n"), std::string::npos)
      << none.err;
}

TEST(CliOptionTable, MissingAndExtraOperandsAreNamed) {
  Parsed p;
  auto r = parse(table_for(p), {"--connection", "c"});
  EXPECT_EQ(r.outcome, ParseOutcome::kBadUsage);
  EXPECT_NE(r.err.find("tool run: MANIFEST is missing\n"), std::string::npos) << r.err;

  Parsed q;
  r = parse(table_for(q), {"one", "two", "--connection", "c"});
  EXPECT_EQ(r.outcome, ParseOutcome::kBadUsage);
  EXPECT_NE(r.err.find("tool run: unexpected argument 'two'\n"), std::string::npos) << r.err;
}

TEST(CliOptionTable, DoubleDashMakesEveryLaterArgumentAnOperand) {
  Parsed p;
  const auto r = parse(table_for(p), {"--connection", "c", "--", "--odd-name.json"});
  ASSERT_EQ(r.outcome, ParseOutcome::kParsed) << r.err;
  EXPECT_EQ(p.manifest, "--odd-name.json");
}

TEST(CliOptionTable, HelpIsGeneratedFromTheTable) {
  Parsed p;
  const auto r = parse(table_for(p), {"--help"});
  EXPECT_EQ(r.outcome, ParseOutcome::kHelpPrinted);
  EXPECT_TRUE(r.err.empty());
  EXPECT_EQ(r.out,
            "usage: tool run MANIFEST --connection NAME [--mode all|delta] [--force] "
            "[--query K=V]... [--limit N]\n"
            "\n"
            "Runs a flow.\n"
            "\n"
            "  MANIFEST           the flow to run\n"
            "  --connection NAME  the connection (required)\n"
            "  --mode all|delta   how much\n"
            "  --force            even when in use\n"
            "  --query K=V        an extra parameter (repeatable)\n"
            "  --limit N          how many\n"
            "\n"
            "exit codes: 0 success\n");
  Parsed q;
  EXPECT_EQ(parse(table_for(q), {"f", "-h"}).outcome, ParseOutcome::kHelpPrinted);
}

TEST(CliOptionTable, LongUsageLinesWrapUnderTheFirstOperand) {
  std::vector<std::string> sink;
  OptionTable table{.command = "tool"};
  for (int i = 0; i < 12; ++i) {
    table.options.push_back(
        {.name = "--an-option", .value_name = "VALUE", .set = append_text(&sink)});
  }
  const std::string usage = usage_line(table);
  size_t start = 0;
  int lines = 0;
  while (start < usage.size()) {
    const size_t end = std::min(usage.find('\n', start), usage.size());
    EXPECT_LE(end - start, 100u) << usage;
    if (lines > 0) {
      EXPECT_EQ(usage.substr(start, 13), std::string(12, ' ') + "[") << usage;
    }
    ++lines;
    start = end + 1;
  }
  EXPECT_GT(lines, 1) << usage;
}

TEST(CliOptionTable, OptionsEndAtTheFirstOperandForAProgramWithCommands) {
  std::string state, command;
  std::vector<std::string> rest;
  const OptionTable table{
      .command = "prog",
      .operands =
          {{.name = "COMMAND", .set = set_text(&command)},
           {.name = "ARGS", .required = false, .repeated = true, .set = append_text(&rest)}},
      .options = {{.name = "--state", .value_name = "DIR", .set = set_text(&state)}},
      .options_end_at_first_operand = true};
  const auto r = parse(table, {"--state", "s", "run", "--help", "--state", "x"});
  ASSERT_EQ(r.outcome, ParseOutcome::kParsed) << r.err;
  EXPECT_EQ(state, "s");
  EXPECT_EQ(command, "run");
  EXPECT_EQ(rest, (std::vector<std::string>{"--help", "--state", "x"}));
  EXPECT_EQ(usage_line(table), "usage: prog [--state DIR] COMMAND [ARGS]...");
}

struct VerbArgs {
  std::string name;
  bool force = false;
};

VerbTable verbs_for(VerbArgs& a) {
  return {.command = "tool connection",
          .verbs = {{"list", "list them", {}},
                    {"delete",
                     "delete one",
                     {.operands = {{.name = "NAME", .set = set_text(&a.name)}},
                      .options = {{.name = "--force",
                                   .help = "even when in use",
                                   .kind = OptionKind::kFlag,
                                   .set = set_true(&a.force)}}}}},
          .details = "Manifests are JSON."};
}

TEST(CliOptionTable, VerbsChooseTheirOwnTable) {
  VerbArgs a;
  std::ostringstream out, err;
  size_t verb = 99;
  ASSERT_EQ(parse_verb(verbs_for(a), std::vector<std::string>{"delete", "shop", "--force"}, out,
                       err, &verb),
            ParseOutcome::kParsed)
      << err.str();
  EXPECT_EQ(verb, 1u);
  EXPECT_EQ(a.name, "shop");
  EXPECT_TRUE(a.force);

  VerbArgs b;
  EXPECT_EQ(parse_verb(verbs_for(b), std::vector<std::string>{"list", "extra"}, out, err, &verb),
            ParseOutcome::kBadUsage);
  EXPECT_NE(err.str().find("tool connection list: unexpected argument 'extra'"), std::string::npos)
      << err.str();
}

TEST(CliOptionTable, MissingOrUnknownVerbListsTheVerbs) {
  VerbArgs a;
  size_t verb = 0;
  std::ostringstream out, err;
  EXPECT_EQ(parse_verb(verbs_for(a), std::vector<std::string>{}, out, err, &verb),
            ParseOutcome::kBadUsage);
  EXPECT_NE(err.str().find("tool connection: needs one of list or delete\n"), std::string::npos)
      << err.str();
  std::ostringstream err2;
  EXPECT_EQ(parse_verb(verbs_for(a), std::vector<std::string>{"drop"}, out, err2, &verb),
            ParseOutcome::kBadUsage);
  EXPECT_NE(err2.str().find("tool connection: 'drop' is not one of list or delete\n"),
            std::string::npos)
      << err2.str();
}

TEST(CliOptionTable, VerbHelpListsEveryVerbAndAVerbHasItsOwnHelp) {
  VerbArgs a;
  size_t verb = 0;
  std::ostringstream out, err;
  EXPECT_EQ(parse_verb(verbs_for(a), std::vector<std::string>{"--help"}, out, err, &verb),
            ParseOutcome::kHelpPrinted);
  EXPECT_EQ(out.str(),
            "usage: tool connection list                   list them\n"
            "       tool connection delete NAME [--force]  delete one\n"
            "\n"
            "Manifests are JSON.\n"
            "'tool connection VERB --help' describes a verb's options.\n");
  std::ostringstream verb_out;
  EXPECT_EQ(
      parse_verb(verbs_for(a), std::vector<std::string>{"delete", "-h"}, verb_out, err, &verb),
      ParseOutcome::kHelpPrinted);
  EXPECT_EQ(verb_out.str(),
            "usage: tool connection delete NAME [--force]\n"
            "\n"
            "  --force  even when in use\n");
}

TEST(CliOptionTable, RowHelpersMakeTheRowsTheyName) {
  std::string name;
  std::filesystem::path file;
  bool force = false;
  std::string number;
  const OptionTable table{
      .command = "tool",
      .options = {required(text_option("--name", "NAME", "a name", &name)),
                  path_option("--file", "FILE", "a file", &file),
                  flag_option("--force", "even so", &force),
                  value_option("--n", "N", "a number", [&number](const std::string& v) {
                    if (v != "1") return std::string("takes 1");
                    number = v;
                    return std::string();
                  })}};
  const auto ok = parse(table, {"--name", "a", "--file", "dir/f.json", "--force", "--n", "1"});
  ASSERT_EQ(ok.outcome, ParseOutcome::kParsed) << ok.err;
  EXPECT_EQ(name, "a");
  EXPECT_EQ(file, std::filesystem::path("dir/f.json"));
  EXPECT_TRUE(force);
  EXPECT_EQ(number, "1");

  const auto missing = parse(table, {"--file", "g"});
  EXPECT_EQ(missing.outcome, ParseOutcome::kBadUsage);
  EXPECT_NE(missing.err.find("--name"), std::string::npos) << missing.err;
  const auto refused = parse(table, {"--name", "a", "--n", "2"});
  EXPECT_EQ(refused.outcome, ParseOutcome::kBadUsage);
  EXPECT_NE(refused.err.find("--n takes 1"), std::string::npos) << refused.err;
  const auto flag_value = parse(table, {"--name", "a", "--force", "yes"});
  EXPECT_EQ(flag_value.outcome, ParseOutcome::kBadUsage) << "a flag takes no value";

  // Required, valued, flag: as the usage line and the help show them.
  EXPECT_EQ(usage_line(table), "usage: tool --name NAME [--file FILE] [--force] [--n N]");
  const std::string help = help_text(table);
  EXPECT_NE(help.find("  --name NAME  a name (required)\n"), std::string::npos) << help;
  EXPECT_NE(help.find("  --force      even so\n"), std::string::npos) << help;
}

TEST(CliOptionTable, WrapTextBreaksAtSpacesAndIndentsContinuations) {
  EXPECT_EQ(wrap_text("one two three four five six seven", 40, 10),
            "one two three four five six\n          seven");
  EXPECT_EQ(wrap_text("a\n\nb", 20, 2), "a\n\n  b");
  EXPECT_EQ(wrap_text("  {\"x\":  1}", 40, 0), "  {\"x\":  1}") << "a line that fits is kept";
  EXPECT_EQ(wrap_text("  all: the whole window up to now", 20, 0),
            "  all: the whole\n  window up to now")
      << "continuations keep the line's leading spaces";
  EXPECT_EQ(wrap_text("a-very-long-word-indeed-longer-than-the-room x", 20, 0),
            "a-very-long-word-indeed-longer-than-the-room\nx");
}

TEST(CliOptionTable, ParseWholeNumberRefusesSignsSpacesAndOverflow) {
  unsigned long long n = 7;
  EXPECT_TRUE(parse_whole_number("42", &n));
  EXPECT_EQ(n, 42u);
  for (const char* bad : {"-3", "+4", " 5", "5x", "", "99999999999999999999"}) {
    EXPECT_FALSE(parse_whole_number(bad, &n)) << bad;
  }
  EXPECT_EQ(n, 42u);
}

}  // namespace
}  // namespace host::cli
