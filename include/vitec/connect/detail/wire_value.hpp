#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "vitec/connect/date_time.hpp"
#include "vitec/connect/detail/data_contract.hpp"
#include "vitec/connect/detail/encoding.hpp"
#include "vitec/connect/detail/extensible_enum.hpp"
#include "vitec/connect/detail/json_writer.hpp"
#include "vitec/connect/detail/utf8.hpp"
#include "vitec/connect/error.hpp"
#include "vitec/connect/format.hpp"
#include "vitec/connect/version.hpp"

namespace vitec::connect {
inline namespace VITEC_CONNECT_ABI_NAMESPACE {

// Declared only: <vitec/connect/decimal.hpp> comes with the generated models that hold one, so
// that a unit of the 0.2 models does not compile it.
template <class Unused>
class BasicDecimal;

namespace detail {

// The functions and classes here are templates (with an unused parameter where nothing else
// makes them one) so that each is compiled only where it is used; see docs/design.md.

// How each kind of member value goes on the wire and comes back: text (std::string), bool,
// std::int64_t, DateTime and the extensible enums; for the generated models also Decimal, flags
// enums, bytes (base64), nested models and std::vector of any of them. value_codec<V> has
//   check(v, where, format)     refuses, before sending, what the format cannot carry
//   json_value(v)               what a JSON writer writes (a string, bool, integer or json_text)
//   xml_text(v)                 the element text DataContract writes (not for the generated-only
//                               kinds: their models do not do XML yet)
//   from_json(j, where)         reads a JSON value; ProtocolError naming `where` if it is not one
//   from_text(text, where)      the same for XML element text (as xml_text)

/// Which members a writer emits: a request carries those the API reads (field::sent), an answer
/// (as the stand-in writes one) every member.
enum class members { sent, all };

// Defined with the codecs (json_fields.hpp, codec.hpp); declared here for nested models.
template <class Model>
void validate(const Model& v, Format format, members which = members::sent);
template <class Model>
std::string to_json_text(const Model& v, members which = members::sent);
template <class Model, class BasicJson>
void read_json_model(const BasicJson& j, Model& v);

/// A JSON number as parse_json_keeping_numbers() keeps it: the text of a number with a fraction
/// or an exponent (held in a binary value, which JSON text never produces), or an integer's.
template <class BasicJson>
std::optional<std::string> json_number_text(const BasicJson& j) {
  if (j.is_binary()) return std::string(j.get_binary().begin(), j.get_binary().end());
  if (j.is_number_integer() || j.is_number_float()) return j.dump();
  return std::nullopt;
}

/// Refuses, before anything is sent, a value the chosen format cannot carry intact.
template <class = void>
void require_sendable(const member_ref& where, std::string_view value, Format format) {
  const auto check = check_text(value, format == Format::xml);
  if (check.problem == text_problem::none) return;
  throw InvalidArgumentError(where.label() +
                             (check.problem == text_problem::invalid_utf8
                                  ? " is not valid UTF-8"
                                  : " holds a character that XML 1.0 cannot carry") +
                             " (at byte " + std::to_string(check.offset) + ")");
}

/// xs:boolean as DataContract reads it.
template <class = void>
std::optional<bool> parse_xml_boolean(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return std::nullopt;
  text = text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
  if (text == "true" || text == "1") return true;
  if (text == "false" || text == "0") return false;
  return std::nullopt;
}

/// `text` without the XML whitespace around it, as xs:long and xs:dateTime are read.
template <class = void>
std::string_view trim_xml_space(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

/// xs:long: an optional sign and decimal digits, within int64.
template <class = void>
std::optional<std::int64_t> parse_xml_long(std::string_view text) {
  text = trim_xml_space(text);
  const bool negative = !text.empty() && text[0] == '-';
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) text.remove_prefix(1);
  if (text.empty()) return std::nullopt;
  // Accumulated as a negative number, whose range holds int64's minimum.
  std::int64_t value = 0;
  constexpr auto min = std::numeric_limits<std::int64_t>::min();
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    const int digit = c - '0';
    if (value < (min + digit) / 10) return std::nullopt;
    value = value * 10 - digit;
  }
  if (!negative && value == min) return std::nullopt;
  return negative ? value : -value;
}

template <class V, class = void>
struct value_codec;

template <class Void>
struct value_codec<std::string, Void> {
  static void check(const std::string& v, const member_ref& where, Format format) {
    require_sendable(where, v, format);
  }
  static std::string_view json_value(const std::string& v) { return v; }
  static std::string_view xml_text(const std::string& v) { return v; }
  template <class BasicJson>
  static std::string from_json(const BasicJson& j, const member_ref& where) {
    if (!j.is_string()) bad_member(where, "is not a JSON string");
    return j.template get<std::string>();
  }
  static std::string from_text(std::string text, const member_ref& /*where*/) { return text; }
};

template <class Void>
struct value_codec<bool, Void> {
  static void check(bool /*v*/, const member_ref& /*where*/, Format /*format*/) {}
  static bool json_value(bool v) { return v; }
  static std::string_view xml_text(bool v) { return v ? "true" : "false"; }
  template <class BasicJson>
  static bool from_json(const BasicJson& j, const member_ref& where) {
    if (!j.is_boolean()) bad_member(where, "is not a JSON boolean");
    return j.template get<bool>();
  }
  static bool from_text(const std::string& text, const member_ref& where) {
    const auto value = parse_xml_boolean(text);
    if (!value) bad_member(where, "is not an xs:boolean");
    return *value;
  }
};

template <class Void>
struct value_codec<std::int64_t, Void> {
  static void check(std::int64_t /*v*/, const member_ref& /*where*/, Format /*format*/) {}
  static std::int64_t json_value(std::int64_t v) { return v; }
  static std::string xml_text(std::int64_t v) { return std::to_string(v); }
  template <class BasicJson>
  static std::int64_t from_json(const BasicJson& j, const member_ref& where) {
    // nlohmann keeps a non-negative integer unsigned, and one beyond uint64 as a double.
    const bool fits = j.is_number_unsigned()
                          ? j.template get<std::uint64_t>() <=
                                static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())
                          : j.is_number_integer();
    if (!fits) bad_member(where, "is not a JSON integer within int64");
    return j.template get<std::int64_t>();
  }
  static std::int64_t from_text(const std::string& text, const member_ref& where) {
    const auto value = parse_xml_long(text);
    if (!value) bad_member(where, "is not an xs:long");
    return *value;
  }
};

template <class Void>
struct value_codec<DateTime, Void> {
  static void check(const DateTime& /*v*/, const member_ref& /*where*/, Format /*format*/) {}
  static std::string json_value(const DateTime& v) { return v.to_string(); }
  static std::string xml_text(const DateTime& v) { return v.to_string(); }
  template <class BasicJson>
  static DateTime from_json(const BasicJson& j, const member_ref& where) {
    if (!j.is_string()) bad_member(where, "is not a JSON string holding a date");
    return parse(j.template get_ref<const std::string&>(), where);
  }
  static DateTime from_text(const std::string& text, const member_ref& where) {
    return parse(trim_xml_space(text), where);
  }

 private:
  static DateTime parse(std::string_view text, const member_ref& where) {
    try {
      return DateTime::parse(text);
    } catch (const InvalidArgumentError& e) {
      bad_member(where, std::string("is not a date: ") + e.what());
    }
  }
};

template <class E>
struct value_codec<E, std::enable_if_t<is_extensible_enum<E>>> {
  static void check(const E& v, const member_ref& where, Format format) {
    if (v.name().empty()) throw InvalidArgumentError(where.label() + " has an empty name");
    require_sendable(where, v.name(), format);
  }
  static std::string_view json_value(const E& v) { return v.name(); }
  static std::string_view xml_text(const E& v) { return v.name(); }
  template <class BasicJson>
  static E from_json(const BasicJson& j, const member_ref& where) {
    if (!j.is_string()) bad_member(where, "is not a JSON string holding an enum name");
    return from_text(j.template get<std::string>(), where);
  }
  /// An empty name is no enum member (.NET cannot read it either), and reading it would give a
  /// model that serialize() refuses to send back.
  static E from_text(std::string text, const member_ref& where) {
    if (text.empty()) bad_member(where, "is empty where an enum name belongs");
    return E(std::move(text));
  }
};

template <class Unused, class Void>
struct value_codec<BasicDecimal<Unused>, Void> {
  static void check(const BasicDecimal<Unused>& /*v*/, const member_ref& /*where*/,
                    Format /*format*/) {}
  static json_text json_value(const BasicDecimal<Unused>& v) { return {v.to_string()}; }
  template <class BasicJson>
  static BasicDecimal<Unused> from_json(const BasicJson& j, const member_ref& where) {
    const auto text = json_number_text(j);
    if (!text) bad_member(where, "is not a JSON number");
    return BasicDecimal<Unused>(*text);
  }
};

/// A byte[] as .NET writes it in JSON: base64 text.
template <class Void>
struct value_codec<std::vector<std::uint8_t>, Void> {
  static void check(const std::vector<std::uint8_t>& /*v*/, const member_ref& /*where*/,
                    Format /*format*/) {}
  static std::string json_value(const std::vector<std::uint8_t>& v) {
    return base64(std::string_view(reinterpret_cast<const char*>(v.data()), v.size()));
  }
  template <class BasicJson>
  static std::vector<std::uint8_t> from_json(const BasicJson& j, const member_ref& where) {
    if (!j.is_string()) bad_member(where, "is not a JSON string holding base64");
    auto bytes = base64_decode<std::vector<std::uint8_t>>(j.template get_ref<const std::string&>());
    if (!bytes) bad_member(where, "is not base64");
    return std::move(*bytes);
  }
};

/// A list: a JSON array; a null item carries nothing and is skipped, as in list answers.
template <class T, class Void>
struct value_codec<std::vector<T>, Void> {
  static void check(const std::vector<T>& v, const member_ref& where, Format format) {
    for (const T& item : v) value_codec<T>::check(item, where, format);
  }
  static json_text json_value(const std::vector<T>& v) {
    json_text out{"["};
    for (const T& item : v) {
      if (out.text.size() > 1) out.text += ',';
      append_json_value(out.text, value_codec<T>::json_value(item));
    }
    out.text += ']';
    return out;
  }
  template <class BasicJson>
  static std::vector<T> from_json(const BasicJson& j, const member_ref& where) {
    if (!j.is_array()) bad_member(where, "is not a JSON array");
    std::vector<T> out;
    out.reserve(j.size());
    for (const auto& item : j) {
      if (!item.is_null()) out.push_back(value_codec<T>::from_json(item, where));
    }
    return out;
  }
};

/// A flags enum: its names joined by ", ", as .NET writes a [Flags] enum.
template <class E>
struct value_codec<E, std::enable_if_t<is_extensible_flags<E>>> {
  static void check(const E& v, const member_ref& where, Format format) {
    if (v.names().empty()) throw InvalidArgumentError(where.label() + " holds no name");
    for (const auto& name : v.names()) {
      if (name.empty() || name.find(',') != std::string::npos) {
        throw InvalidArgumentError(where.label() + " has an empty name or one with a comma");
      }
      require_sendable(where, name, format);
    }
  }
  static std::string json_value(const E& v) {
    std::string out;
    for (const auto& name : v.names()) {
      if (!out.empty()) out += ", ";
      out += name;
    }
    return out;
  }
  template <class BasicJson>
  static E from_json(const BasicJson& j, const member_ref& where) {
    if (!j.is_string()) bad_member(where, "is not a JSON string holding enum names");
    std::vector<std::string> names;
    std::string_view text = j.template get_ref<const std::string&>();
    while (true) {
      const auto comma = text.find(',');
      const auto name = trim_xml_space(text.substr(0, comma));
      if (name.empty()) bad_member(where, "holds an empty enum name");
      names.emplace_back(name);
      if (comma == std::string_view::npos) break;
      text.remove_prefix(comma + 1);
    }
    return E(std::move(names));
  }
};

/// A nested model: a JSON object, checked, written and read by its own contract.
template <class M>
struct value_codec<M, std::enable_if_t<is_model<M>>> {
  static void check(const M& v, const member_ref& /*where*/, Format format) { validate(v, format); }
  static json_text json_value(const M& v) { return {to_json_text(v)}; }
  template <class BasicJson>
  static M from_json(const BasicJson& j, const member_ref& where) {
    if (!j.is_object()) bad_member(where, "is not a JSON object");
    M v;
    read_json_model(j, v);
    return v;
  }
};

template <class T>
struct optional_traits {
  using value_type = T;
  static constexpr bool is_optional = false;
};
template <class T>
struct optional_traits<std::optional<T>> {
  using value_type = T;
  static constexpr bool is_optional = true;
};

template <class T>
struct is_vector : std::false_type {};
template <class T>
struct is_vector<std::vector<T>> : std::true_type {};

/// Calls f(value) with the value of `member` when it is present. A non-optional always is, but
/// for a list, which is present when it holds something: a list a user left empty is not sent,
/// since an update that sends [] clears what the server holds.
template <class Member, class F>
void if_present(const Member& member, F&& f) {
  if constexpr (optional_traits<Member>::is_optional) {
    if (member) f(*member);
  } else if constexpr (is_vector<Member>::value) {
    if (!member.empty()) f(member);
  } else {
    f(member);
  }
}

/// The codec of a field's value type, optional or not.
template <class Member>
using codec_of = value_codec<typename optional_traits<Member>::value_type>;

}  // namespace detail
}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
