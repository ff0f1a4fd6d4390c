#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include "vitec/connect/version.hpp"

namespace vitec::connect {
inline namespace VITEC_CONNECT_ABI_NAMESPACE {
namespace detail {

// The functions and classes here are templates (with an unused parameter where nothing else
// makes them one) so that each is compiled only where it is used; see docs/design.md.

/// Appends `text` as a JSON string, escaped exactly as nlohmann::json's dump() escapes it (UTF-8
/// kept as is, control characters as short escapes or \u00xx), so that both give the same bytes.
template <class = void>
void append_json_string(std::string& out, std::string_view text) {
  static constexpr char hex[] = "0123456789abcdef";
  out += '"';
  std::size_t plain_from = 0;  // runs that need no escape are appended whole
  for (std::size_t at = 0; at < text.size(); ++at) {
    const auto u = static_cast<unsigned char>(text[at]);
    if (u >= 0x20 && u != '"' && u != '\\') continue;
    out.append(text.data() + plain_from, at - plain_from);
    plain_from = at + 1;
    switch (u) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        out += "\\u00";
        out += hex[u >> 4];
        out += hex[u & 0xF];
    }
  }
  out.append(text.data() + plain_from, text.size() - plain_from);
  out += '"';
}

/// JSON text written elsewhere (a nested object, an array, a number as a Decimal holds it),
/// to be put in place as it is.
struct json_text {
  std::string text;
};

template <class = void>
void append_json_value(std::string& out, std::string_view text) {
  append_json_string(out, text);
}
template <class = void>
void append_json_value(std::string& out, bool value) {
  out += value ? "true" : "false";
}
template <class = void>
void append_json_value(std::string& out, std::int64_t value) {
  out += std::to_string(value);
}
template <class = void>
void append_json_value(std::string& out, const json_text& value) {
  out += value.text;
}

/// Writes one JSON object member by member. Sending a model this way costs a fraction of
/// building an nlohmann::json tree and dumping it, and gives the same bytes.
template <class Unused = void>
class basic_json_object_writer {
 public:
  basic_json_object_writer() {
    out_.reserve(128);
    out_ += '{';
  }

  /// A member whose value is text, a boolean, an integer or json_text.
  template <class Value>
  void member(std::string_view name, const Value& value) {
    if (out_.size() > 1) out_ += ',';
    append_json_string(out_, name);
    out_ += ':';
    append_json_value(out_, value);
  }

  std::string finish() && {
    out_ += '}';
    return std::move(out_);
  }

 private:
  std::string out_;
};
using json_object_writer = basic_json_object_writer<>;

}  // namespace detail
}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
