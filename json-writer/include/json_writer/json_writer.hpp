// json_writer.hpp: a small streaming JSON writer (simdjson 3.0 reads JSON but cannot write it).
//
// Appends to a caller-owned std::string, so a writer costs nothing to create and output can be
// reused across calls. It inserts commas itself; the caller only says what comes next. It does not
// check that keys and values alternate: that is the caller's job, and tests catch slips.
#pragma once

#include <charconv>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace jsonw {

// Appends `s` as a JSON string literal (quotes included), escaping what RFC 8259 requires.
// Bytes >= 0x80 pass through unchanged: the input is assumed to be UTF-8.
inline void append_quoted(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  // The bytes with a two-character escape, each followed by its letter (\" \\ \n \r \t \b \f);
  // every other byte below 0x20 is written \u00XX.
  static constexpr char kShortEscapes[] = "\"\"\\\\\nn\rr\tt\bb\ff";
  out.push_back('"');
  size_t run = 0;  // start of the pending run of bytes that need no escaping
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    const char* letter = std::strchr(kShortEscapes, static_cast<char>(c));
    if (c != 0 && letter != nullptr) {
      out.push_back('\\');
      out.push_back(letter[1]);
    } else {
      const char esc[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xf]};
      out.append(esc, 6);
    }
  }
  out.append(s.data() + run, s.size() - run);
  out.push_back('"');
}

class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}

  Writer& begin_object() { return open_container('{'); }
  Writer& end_object() { return close_container('}'); }
  Writer& begin_array() { return open_container('['); }
  Writer& end_array() { return close_container(']'); }

  // An object key; the next call writes its value.
  Writer& key(std::string_view k) {
    sep();
    append_quoted(out_, k);
    out_.push_back(':');
    after_key_ = true;
    return *this;
  }

  Writer& value(std::string_view s) {
    sep();
    append_quoted(out_, s);
    return *this;
  }
  Writer& value(const char* s) { return value(std::string_view(s)); }
  Writer& value(bool b) {
    sep();
    out_.append(b ? "true" : "false");
    return *this;
  }
  Writer& value(std::int64_t n) {
    sep();
    append_number(n);
    return *this;
  }
  Writer& value(int n) { return value(static_cast<std::int64_t>(n)); }
  Writer& value(std::uint64_t n) {
    sep();
    append_number(n);
    return *this;
  }
  Writer& null() {
    sep();
    out_.append("null");
    return *this;
  }
  // Already-serialized JSON (a record taken from a response, a nested document).
  Writer& raw(std::string_view json) {
    sep();
    out_.append(json);
    return *this;
  }

  // Shorthands for key + value.
  template <typename T>
  Writer& field(std::string_view k, const T& v) {
    key(k);
    return value(v);
  }
  Writer& raw_field(std::string_view k, std::string_view json) {
    key(k);
    return raw(json);
  }

 private:
  // An object or array starts as a value (after a comma where one is due) and holds no member
  // yet; once it ends, the next value needs a comma.
  Writer& open_container(char bracket) {
    sep();
    out_.push_back(bracket);
    first_ = true;
    return *this;
  }
  Writer& close_container(char bracket) {
    out_.push_back(bracket);
    first_ = false;
    return *this;
  }

  void sep() {
    if (after_key_) {
      after_key_ = false;
    } else if (!first_) {
      out_.push_back(',');
    }
    first_ = false;
  }
  template <typename N>
  void append_number(N n) {
    char buf[24];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, n);
    out_.append(buf, end);
  }

  std::string& out_;
  bool first_ = true;
  bool after_key_ = false;
};

}  // namespace jsonw
