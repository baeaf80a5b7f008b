// option_table.hpp: a command line described once, as a table, and both parsed and explained from
// that table: `--help`, the usage line and every usage error come from the same rows, so that
// they cannot drift from what the parser accepts.
//
// A command builds its table over the struct it fills (each row's setter writes one field), then
// calls parse_command_line(). The library knows nothing of the host (no engine, no exit codes), so
// that any program can link it (target cli_option_table).
#pragma once

#include <charconv>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace host::cli {

// Takes one value (or, for a flag, its presence: the value is empty). Returns what is wrong with
// the value, worded to follow the option's name ("takes a positive number, not 'x'"), or an empty
// string when the value is taken.
using OptionSetter = std::function<std::string(const std::string& value)>;

enum class OptionKind {
  kFlag,      // --name alone
  kValue,     // --name VALUE; given twice, the last one counts
  kRepeated,  // --name VALUE, as often as wanted; each value is handed to the setter in order
};

// Every member has a default (`{}`), so that a row names only what it sets: designated
// initializers that skip a member without one draw -Wmissing-field-initializers from GCC 12.
struct Option {
  std::string_view name{};        // "--connection"
  std::string_view value_name{};  // "NAME" (empty for a flag); may spell the choices: "human|json"
  std::string help{};             // one sentence or more; --help wraps it
  OptionKind kind = OptionKind::kValue;
  bool required = false;  // a value option that must be given
  OptionSetter set{};
};

// An argument that is not an option, in the order they are given ("describe CONNECTOR").
struct Operand {
  std::string_view name{};  // "CONNECTOR", shown as is in the usage line
  std::string_view help{};  // listed with the options when not empty
  bool required = true;
  bool repeated = false;  // takes every remaining operand (the last operand only)
  OptionSetter set{};
};

struct OptionTable {
  std::string command{};  // "connector-host sign": starts the usage line and every message
  std::vector<Operand> operands{};
  std::vector<Option> options{};
  std::string summary{};  // --help: the paragraphs between the usage line and the options
  std::string details{};  // --help: the paragraphs after the options
  // Options come before the operands only, as for a program whose first operand is a command
  // word with arguments of its own: everything from the first operand on is an operand.
  bool options_end_at_first_operand = false;
};

enum class ParseOutcome {
  kParsed,       // every setter ran; the command goes on
  kHelpPrinted,  // -h or --help was given: the help went to `out`; the command stops
  kBadUsage,     // the problem (naming the argument) and the usage line went to `err`
};

// Parses `args` against `table`: long options (--name VALUE, --name), operands, `--` (every later
// argument is an operand) and -h/--help. A value is the next argument as it is, even when it starts
// with '-' ("--limit -3" reaches the setter, which explains what --limit takes).
// ERRORS (kBadUsage, one line "COMMAND: ..." then the usage): an unknown option, a value option
// without a value or with an empty one, a value a setter refuses, an operand too many, a required
// operand or option missing (named).
ParseOutcome parse_options(const OptionTable& table, std::span<const std::string> args,
                           std::ostream& out, std::ostream& err);

// "usage: COMMAND OPERANDS [OPTIONS]", wrapped at 100 columns under its first word.
std::string usage_line(const OptionTable& table);

// The whole --help: usage line, summary, options (and operands with help), details.
std::string help_text(const OptionTable& table);

// Rows of "LEFT  text", the texts in one column and wrapped at 100 columns; a LEFT too wide for
// the column puts its text on the next line. The layout of --help's option list, for other lists
// (a program's commands) to look the same.
std::string aligned_rows(const std::vector<std::pair<std::string, std::string>>& rows);

// `text` broken into lines of at most `width` columns at spaces; lines after the first start with
// `indent` spaces. Newlines in `text` are kept.
std::string wrap_text(std::string_view text, size_t width, size_t indent);

// A subcommand of a command of the form `COMMAND VERB ...` (connection save|list|..., webhooks).
struct Verb {
  std::string_view name{};     // "save"
  std::string_view summary{};  // one line in the command's --help
  OptionTable table{};         // its command is left empty: it is "COMMAND VERB"
  // What the verb does once its arguments are parsed, returning the exit code. A caller that
  // dispatches on the parsed index instead leaves it empty.
  std::function<int()> run{};
};

struct VerbTable {
  std::string command{};  // "connector-host connection"
  std::vector<Verb> verbs{};
  std::string details{};  // --help: the paragraphs after the list of verbs
};

// Parses `COMMAND VERB ARGS...`: -h/--help before a verb prints the command's help (every verb's
// usage and summary, then the details); `VERB --help` prints that verb's help. `*chosen` is the
// index of the verb on kParsed. ERRORS (kBadUsage): no verb, an unknown verb, and whatever
// parse_options() reports for the verb's arguments.
ParseOutcome parse_verb(const VerbTable& table, std::span<const std::string> args,
                        std::ostream& out, std::ostream& err, size_t* chosen);

// The command's help: one usage line and summary per verb, then the details.
std::string help_text(const VerbTable& table);

// Setters for the common cases.
OptionSetter set_text(std::string* target);
OptionSetter set_path(std::filesystem::path* target);
OptionSetter set_true(bool* target);
OptionSetter append_text(std::vector<std::string>* target);
// A whole number from `min` to `max`; anything else is "takes a whole number from MIN to MAX".
OptionSetter set_whole_number(uint64_t* target, uint64_t min, uint64_t max);

// Rows for the common kinds of option, so that a table reads as its list of flags.
// `--name VALUE`, the value handed to `set`.
Option value_option(std::string_view name, std::string_view value_name, std::string help,
                    OptionSetter set);
// `--name VALUE` kept as it is in *target.
Option text_option(std::string_view name, std::string_view value_name, std::string help,
                   std::string* target);
Option path_option(std::string_view name, std::string_view value_name, std::string help,
                   std::filesystem::path* target);
// `--name` alone: *target becomes true.
Option flag_option(std::string_view name, std::string help, bool* target);
// The same row, as an option that must be given.
Option required(Option option);

// True when all of `text` is a decimal number that fits T (no sign for unsigned T, no spaces, no
// "+"): "-3" never wraps around to a huge unsigned value.
template <typename T>
bool parse_whole_number(std::string_view text, T* out) {
  T value{};
  const char* last = text.data() + text.size();
  const auto [end, ec] = std::from_chars(text.data(), last, value);
  if (ec != std::errc() || end != last || text.empty()) return false;
  *out = value;
  return true;
}

// Splits "HOST:PORT" or "[V6]:PORT" (the brackets dropped). False when either part is missing or
// the port is not a number from 0 to 65535.
bool split_host_port(const std::string& text, std::string& host, uint16_t& port);
// The setter of a HOST:PORT option (split_host_port); anything else is "takes HOST:PORT, not
// 'TEXT'".
OptionSetter set_host_port(std::string* host, uint16_t* port);

}  // namespace host::cli
