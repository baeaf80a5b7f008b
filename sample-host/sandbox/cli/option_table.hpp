// option_table.hpp: a command line described as a table of flags, from which both the parsing
// and the help text come, so that a flag cannot be accepted without being documented.
#pragma once

#include <charconv>
#include <functional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>

namespace sandbox::cli {

// Reads a flag's value into its target; false when the text is not a valid value.
using ApplyFn = std::function<bool(const std::string& value)>;

struct Flag {
  std::string_view name;        // "--port"
  std::string_view value_name;  // "N"; empty: a switch, which takes no value
  std::string_view help;        // one line for the help text
  ApplyFn apply;                // a switch's is called with an empty string
};

// Targets for the common kinds of values.
template <typename Number>
ApplyFn number_into(Number* target) {  // the whole text, in Number's range (from_chars)
  return [target](const std::string& text) {
    Number value{};
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) return false;
    *target = value;
    return true;
  };
}
ApplyFn decimal_into(double* target, double max);  // a decimal number in [0, max]
ApplyFn text_into(std::string* target);            // any non-empty text
ApplyFn switch_on(bool* target);                   // sets *target to true

// What parsing the command line came to.
enum class ParseOutcome { kParsed, kHelpShown, kBadUsage };

// Applies `args` to the table's targets. --help/-h prints the help to stdout; an unknown flag, a
// missing value or a bad one prints a message naming the flag (after `program`: ) to stderr.
// `preamble` is the help text above the flag list.
ParseOutcome parse_flags(std::span<const std::string> args, std::span<const Flag> flags,
                         std::string_view program, std::string_view preamble);

// The preamble, then one line per flag: name, value name and help, aligned.
void print_help(std::ostream& out, std::span<const Flag> flags, std::string_view preamble);

}  // namespace sandbox::cli
