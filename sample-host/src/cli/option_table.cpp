#include "cli/option_table.hpp"

#include <algorithm>
#include <ostream>

namespace host::cli {
namespace {

constexpr size_t kLineWidth = 100;
// The option list's text column is at most this far right; a wider LEFT puts its text below.
constexpr size_t kOptionColumn = 30;
// The same for a verb command's list of usage lines, which are longer.
constexpr size_t kVerbColumn = 52;

bool is_help(const std::string& arg) { return arg == "-h" || arg == "--help"; }

// One unbreakable piece of a usage line: "--out PATH" in brackets, or an operand.
std::string option_token(const Option& option) {
  std::string token(option.name);
  if (option.kind != OptionKind::kFlag) token += " " + std::string(option.value_name);
  if (!option.required) token = "[" + token + "]";
  if (option.kind == OptionKind::kRepeated) token += "...";
  return token;
}

std::string operand_token(const Operand& operand) {
  std::string token =
      operand.required ? std::string(operand.name) : "[" + std::string(operand.name) + "]";
  if (operand.repeated) token += "...";
  return token;
}

std::vector<std::string> synopsis_tokens(const OptionTable& table) {
  std::vector<std::string> operands, options;
  for (const auto& o : table.operands) operands.push_back(operand_token(o));
  for (const auto& o : table.options) options.push_back(option_token(o));
  // Options go where the parser takes them: before the operands when they end at the first one.
  std::vector<std::string>& first = table.options_end_at_first_operand ? options : operands;
  std::vector<std::string>& second = table.options_end_at_first_operand ? operands : options;
  first.insert(first.end(), second.begin(), second.end());
  return first;
}

// `head` followed by the tokens, wrapped at kLineWidth under the first token.
std::string wrapped_synopsis(const std::string& head, const std::vector<std::string>& tokens) {
  std::string out = head;
  const size_t indent = head.size() + 1;
  size_t line_length = head.size();
  for (const auto& token : tokens) {
    if (line_length + 1 + token.size() > kLineWidth && line_length > indent) {
      out += "\n" + std::string(indent - 1, ' ');
      line_length = indent - 1;
    }
    out += " " + token;
    line_length += 1 + token.size();
  }
  return out;
}

std::string aligned_rows_at(const std::vector<std::pair<std::string, std::string>>& rows,
                            size_t max_column) {
  size_t column = 0;
  for (const auto& [left, text] : rows) {
    if (left.size() + 2 <= max_column) column = std::max(column, left.size() + 2);
  }
  if (column == 0) column = max_column;
  std::string out;
  for (const auto& [left, text] : rows) {
    out += left;
    if (left.size() + 2 > column) {
      out += "\n" + std::string(column, ' ');
    } else {
      out += std::string(column - left.size(), ' ');
    }
    out += wrap_text(text, kLineWidth, column) + "\n";
  }
  return out;
}

// Appends `text` as paragraphs (wrapped, ending in a newline) after a blank line.
void append_paragraphs(std::string& out, const std::string& text) {
  if (text.empty()) return;
  out += "\n" + wrap_text(text, kLineWidth, 0);
  if (!out.ends_with('\n')) out += "\n";
}

// "--a, --b and --c" (the names in table order; `last_joint` "or" for choices).
std::string list_of_names(const std::vector<std::string_view>& names,
                          std::string_view last_joint = "and") {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " " + std::string(last_joint) + " " : ", ";
    out += names[i];
  }
  return out;
}

// The verb's table as parse_options() sees it: its command is "COMMAND VERB".
OptionTable verb_table(const VerbTable& table, const Verb& verb) {
  OptionTable named = verb.table;
  named.command = table.command + " " + std::string(verb.name);
  return named;
}

ParseOutcome bad_usage(const OptionTable& table, std::ostream& err, const std::string& message) {
  err << table.command << ": " << message << "\n" << usage_line(table) << "\n";
  return ParseOutcome::kBadUsage;
}

// The message for missing required options, or "" when none is missing. It names every required
// option (they are asked for together) and then which of them are missing.
std::string missing_options_message(const OptionTable& table, const std::vector<bool>& given) {
  std::vector<std::string_view> required, missing;
  for (size_t i = 0; i < table.options.size(); ++i) {
    if (!table.options[i].required) continue;
    required.push_back(table.options[i].name);
    if (!given[i]) missing.push_back(table.options[i].name);
  }
  if (missing.empty()) return "";
  if (required.size() == 1) return std::string(required[0]) + " is required";
  std::string message = list_of_names(required) + " are required";
  if (missing.size() == required.size()) return message;
  message += " (missing: ";
  message += list_of_names(missing);
  message += ")";
  return message;
}

}  // namespace

std::string wrap_text(std::string_view text, size_t width, size_t indent) {
  const size_t room = width > indent + 20 ? width - indent : 20;
  std::string out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view rest = text.substr(start, end - start);
    if (start > 0) out += "\n" + std::string(rest.empty() ? 0 : indent, ' ');
    // A line that fits stays as written (spacing included); a longer one breaks at its last space
    // that fits, and its continuations keep its leading spaces (hand-made indentation).
    const size_t lead = std::min(rest.find_first_not_of(' '), rest.size());
    size_t hang = 0;  // spaces already written before `rest` on this output line
    while (hang + rest.size() > room) {
      const size_t limit = room - hang;
      size_t cut = rest.rfind(' ', limit);
      if (cut == std::string_view::npos || cut <= (hang == 0 ? lead : 0)) {
        cut = rest.find(' ', limit);  // a word longer than the room: break after it
        if (cut == std::string_view::npos) break;
      }
      const std::string_view piece = rest.substr(0, cut);
      out += piece.substr(0, piece.find_last_not_of(' ') + 1);
      out += "\n" + std::string(indent + lead, ' ');
      rest.remove_prefix(cut);
      rest.remove_prefix(std::min(rest.find_first_not_of(' '), rest.size()));
      hang = lead;
    }
    out += rest;
    start = end + 1;
  }
  return out;
}

std::string aligned_rows(const std::vector<std::pair<std::string, std::string>>& rows) {
  return aligned_rows_at(rows, kOptionColumn);
}

std::string usage_line(const OptionTable& table) {
  return wrapped_synopsis("usage: " + std::string(table.command), synopsis_tokens(table));
}

std::string help_text(const OptionTable& table) {
  std::string out = usage_line(table) + "\n";
  append_paragraphs(out, table.summary);
  std::vector<std::pair<std::string, std::string>> rows;
  for (const auto& o : table.operands) {
    if (!o.help.empty()) rows.emplace_back("  " + std::string(o.name), std::string(o.help));
  }
  for (const auto& o : table.options) {
    std::string left = "  " + std::string(o.name);
    if (o.kind != OptionKind::kFlag) left += " " + std::string(o.value_name);
    std::string text(o.help);
    if (o.required) text += " (required)";
    if (o.kind == OptionKind::kRepeated) text += " (repeatable)";
    rows.emplace_back(std::move(left), std::move(text));
  }
  if (!rows.empty()) out += "\n" + aligned_rows(rows);
  append_paragraphs(out, table.details);
  return out;
}

ParseOutcome parse_options(const OptionTable& table, std::span<const std::string> args,
                           std::ostream& out, std::ostream& err) {
  std::vector<bool> given(table.options.size(), false);
  size_t operand = 0;            // the operand the next non-option argument fills
  bool operands_only = false;    // after `--`, or after the first operand when options end there
  bool repeated_filled = false;  // the repeated (last) operand took at least one argument
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (!operands_only && is_help(arg)) {
      out << help_text(table);
      return ParseOutcome::kHelpPrinted;
    }
    if (!operands_only && arg == "--") {
      operands_only = true;
      continue;
    }
    if (!operands_only && arg.size() > 1 && arg.front() == '-') {
      const auto found = std::find_if(table.options.begin(), table.options.end(),
                                      [&](const Option& o) { return o.name == arg; });
      if (found == table.options.end()) {
        return bad_usage(table, err, "unknown option '" + arg + "'");
      }
      std::string value;
      if (found->kind != OptionKind::kFlag) {
        if (i + 1 >= args.size() || args[i + 1].empty()) {
          return bad_usage(table, err, arg + " needs a value");
        }
        value = args[++i];
      }
      if (std::string problem = found->set(value); !problem.empty()) {
        problem.insert(0, arg + ' ');
        return bad_usage(table, err, problem);
      }
      given[static_cast<size_t>(found - table.options.begin())] = true;
      continue;
    }
    if (operand >= table.operands.size()) {
      return bad_usage(table, err, "unexpected argument '" + arg + "'");
    }
    const Operand& target = table.operands[operand];
    if (std::string problem = target.set(arg); !problem.empty()) {
      return bad_usage(table, err, std::string(target.name) + " " + problem);
    }
    if (target.repeated) {
      repeated_filled = true;
    } else {
      ++operand;
    }
    if (table.options_end_at_first_operand) operands_only = true;
  }
  for (size_t o = operand; o < table.operands.size(); ++o) {
    const Operand& missing = table.operands[o];
    if (missing.required && !(missing.repeated && repeated_filled)) {
      return bad_usage(table, err, std::string(missing.name) + " is missing");
    }
  }
  if (std::string message = missing_options_message(table, given); !message.empty()) {
    return bad_usage(table, err, message);
  }
  return ParseOutcome::kParsed;
}

std::string help_text(const VerbTable& table) {
  std::vector<std::pair<std::string, std::string>> rows;
  bool any_options = false;
  for (const auto& verb : table.verbs) {
    const std::string head =
        (rows.empty() ? "usage: " : "       ") + table.command + " " + std::string(verb.name);
    rows.emplace_back(wrapped_synopsis(head, synopsis_tokens(verb.table)),
                      std::string(verb.summary));
    any_options = any_options || !verb.table.options.empty();
  }
  std::string out = aligned_rows_at(rows, kVerbColumn);
  append_paragraphs(out, table.details);
  if (any_options) {
    out += "'" + table.command + " VERB --help' describes a verb's options.\n";
  }
  return out;
}

ParseOutcome parse_verb(const VerbTable& table, std::span<const std::string> args,
                        std::ostream& out, std::ostream& err, size_t* chosen) {
  if (!args.empty() && is_help(args[0])) {
    out << help_text(table);
    return ParseOutcome::kHelpPrinted;
  }
  std::vector<std::string_view> names;
  for (const auto& verb : table.verbs) names.push_back(verb.name);
  const std::string choices = list_of_names(names, "or");
  if (args.empty()) {
    err << table.command << ": needs one of " << choices << "\n" << help_text(table);
    return ParseOutcome::kBadUsage;
  }
  for (size_t v = 0; v < table.verbs.size(); ++v) {
    if (table.verbs[v].name != args[0]) continue;
    *chosen = v;
    return parse_options(verb_table(table, table.verbs[v]), args.subspan(1), out, err);
  }
  err << table.command << ": '" << args[0] << "' is not one of " << choices << "\n"
      << help_text(table);
  return ParseOutcome::kBadUsage;
}

OptionSetter set_text(std::string* target) {
  return [target](const std::string& value) {
    *target = value;
    return std::string();
  };
}

OptionSetter set_path(std::filesystem::path* target) {
  return [target](const std::string& value) {
    *target = value;
    return std::string();
  };
}

OptionSetter set_true(bool* target) {
  return [target](const std::string&) {
    *target = true;
    return std::string();
  };
}

OptionSetter set_whole_number(uint64_t* target, uint64_t min, uint64_t max) {
  return [target, min, max](const std::string& value) {
    // Unsigned and whole: "-3" must not wrap around to "everything".
    if (!parse_whole_number(value, target) || *target < min || *target > max) {
      return "takes a whole number from " + std::to_string(min) + " to " + std::to_string(max) +
             ", not '" + value.substr(0, 32) + "'";
    }
    return std::string();
  };
}

OptionSetter append_text(std::vector<std::string>* target) {
  return [target](const std::string& value) {
    target->push_back(value);
    return std::string();
  };
}

Option value_option(std::string_view name, std::string_view value_name, std::string help,
                    OptionSetter set) {
  return {.name = name, .value_name = value_name, .help = std::move(help), .set = std::move(set)};
}

Option text_option(std::string_view name, std::string_view value_name, std::string help,
                   std::string* target) {
  return value_option(name, value_name, std::move(help), set_text(target));
}

Option path_option(std::string_view name, std::string_view value_name, std::string help,
                   std::filesystem::path* target) {
  return value_option(name, value_name, std::move(help), set_path(target));
}

Option flag_option(std::string_view name, std::string help, bool* target) {
  return {
      .name = name, .help = std::move(help), .kind = OptionKind::kFlag, .set = set_true(target)};
}

Option required(Option option) {
  option.required = true;
  return option;
}

bool split_host_port(const std::string& text, std::string& host, uint16_t& port) {
  const size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) return false;
  host = text.substr(0, colon);
  if (host.front() == '[') {
    if (host.back() != ']' || host.size() < 3) return false;
    host = host.substr(1, host.size() - 2);
  }
  return parse_whole_number(std::string_view(text).substr(colon + 1), &port);
}

OptionSetter set_host_port(std::string* host, uint16_t* port) {
  return [host, port](const std::string& value) {
    if (!split_host_port(value, *host, *port)) return "takes HOST:PORT, not '" + value + "'";
    return std::string();
  };
}

}  // namespace host::cli
