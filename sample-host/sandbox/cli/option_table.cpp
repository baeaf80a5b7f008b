// option_table.cpp: parsing and help for a table of flags.
#include "option_table.hpp"

#include <iostream>

namespace sandbox::cli {
namespace {

const Flag* find_flag(std::span<const Flag> flags, std::string_view name) {
  for (const Flag& flag : flags) {
    if (flag.name == name) return &flag;
  }
  return nullptr;
}

}  // namespace

ApplyFn decimal_into(double* target, double max) {
  return [target, max](const std::string& text) {
    try {
      size_t used = 0;
      const double value = std::stod(text, &used);
      if (used != text.size() || !(value >= 0) || value > max) return false;
      *target = value;
      return true;
    } catch (...) {  // std::stod throws on text that is no number or out of range
      return false;
    }
  };
}

ApplyFn text_into(std::string* target) {
  return [target](const std::string& text) {
    *target = text;
    return !text.empty();
  };
}

ApplyFn switch_on(bool* target) {
  return [target](const std::string&) {
    *target = true;
    return true;
  };
}

ParseOutcome parse_flags(std::span<const std::string> args, std::span<const Flag> flags,
                         std::string_view program, std::string_view preamble) {
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--help" || args[i] == "-h") {
      print_help(std::cout, flags, preamble);
      return ParseOutcome::kHelpShown;
    }
    const Flag* flag = find_flag(flags, args[i]);
    if (flag == nullptr) {
      std::cerr << program << ": unknown option '" << args[i] << "'\n";
      print_help(std::cerr, flags, preamble);
      return ParseOutcome::kBadUsage;
    }
    if (flag->value_name.empty()) {
      flag->apply("");
      continue;
    }
    if (i + 1 >= args.size() || !flag->apply(args[i + 1])) {
      std::cerr << program << ": " << flag->name << " needs " << flag->value_name << "\n";
      return ParseOutcome::kBadUsage;
    }
    ++i;
  }
  return ParseOutcome::kParsed;
}

void print_help(std::ostream& out, std::span<const Flag> flags, std::string_view preamble) {
  constexpr size_t kHelpColumn = 34;
  out << preamble;
  for (const Flag& flag : flags) {
    std::string left = "  " + std::string(flag.name);
    if (!flag.value_name.empty()) left += " " + std::string(flag.value_name);
    if (left.size() < kHelpColumn) left.resize(kHelpColumn, ' ');
    out << left << " " << flag.help << "\n";
  }
}

}  // namespace sandbox::cli
