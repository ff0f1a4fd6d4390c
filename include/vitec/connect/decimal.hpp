#pragma once

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>

#include "vitec/connect/error.hpp"
#include "vitec/connect/version.hpp"

namespace vitec::connect {
inline namespace VITEC_CONNECT_ABI_NAMESPACE {

/// A decimal number as the API writes it (a .NET `decimal`: prices, fees, areas, coordinates).
/// It holds the number's text exactly, so that money never goes through a `double` on its way
/// in or out: what is read is written back byte for byte. Use it as `Decimal`: a template only so
/// that a unit that does not use it does not compile it (as Client is BasicClient<>).
template <class Unused = void>
class BasicDecimal {
 public:
  /// Zero, written "0".
  BasicDecimal() : text_("0") {}

  /// The number written as `text`, in JSON's number syntax (`-12`, `1.50`, `2.5E+3`); throws
  /// InvalidArgumentError for anything else (also for a leading `+`, a leading zero or spaces,
  /// which a JSON writer never produces).
  explicit BasicDecimal(std::string_view text) : text_(text) {
    if (!is_json_number(text)) {
      throw InvalidArgumentError("\"" + std::string(text) + "\" is not a decimal number");
    }
  }

  /// A whole number.
  explicit BasicDecimal(std::int64_t value) : text_(std::to_string(value)) {}

  /// The number's text exactly as it was given or read.
  const std::string& to_string() const noexcept { return text_; }

  /// The nearest double (for display and arithmetic that may round; never used on the wire).
  double to_double() const {
    double value = 0;
    std::from_chars(text_.data(), text_.data() + text_.size(), value);
    return value;
  }

  /// Equal when the values are, whatever the text: 1.50 == 1.5 == 15E-1, 0 == -0.
  friend bool operator==(const BasicDecimal& a, const BasicDecimal& b) {
    const auto x = a.canonical();
    const auto y = b.canonical();
    return x.negative == y.negative && x.exponent == y.exponent && x.digits == y.digits;
  }
  /// Not equal when the values differ.
  friend bool operator!=(const BasicDecimal& a, const BasicDecimal& b) { return !(a == b); }

 private:
  static bool is_json_number(std::string_view s) noexcept {
    std::size_t at = 0;
    const auto digits = [&] {
      const std::size_t from = at;
      while (at < s.size() && s[at] >= '0' && s[at] <= '9') ++at;
      return at - from;
    };
    if (at < s.size() && s[at] == '-') ++at;
    const std::size_t integer_from = at;
    const std::size_t integer_digits = digits();
    if (integer_digits == 0 || (integer_digits > 1 && s[integer_from] == '0')) return false;
    if (at < s.size() && s[at] == '.') {
      ++at;
      if (digits() == 0) return false;
    }
    if (at < s.size() && (s[at] == 'e' || s[at] == 'E')) {
      ++at;
      if (at < s.size() && (s[at] == '+' || s[at] == '-')) ++at;
      if (digits() == 0) return false;
    }
    return at == s.size();
  }

  /// The value as sign, significant digits without leading or trailing zeros, and the power of
  /// ten of the last digit; zero is unsigned with no digits. Exponents beyond ±10^15 saturate,
  /// which no decimal the API carries comes near.
  struct canonical_form {
    bool negative = false;
    std::string digits;
    std::int64_t exponent = 0;
  };
  canonical_form canonical() const {
    canonical_form out;
    std::string_view s = text_;
    if (s.front() == '-') {
      out.negative = true;
      s.remove_prefix(1);
    }
    const auto e = s.find_first_of("eE");
    if (e != std::string_view::npos) {
      std::string_view power = s.substr(e + 1);
      const bool negative_power = power.front() == '-';
      if (power.front() == '-' || power.front() == '+') power.remove_prefix(1);
      for (const char c : power) {
        if (out.exponent < 1'000'000'000'000'000) out.exponent = out.exponent * 10 + (c - '0');
      }
      if (negative_power) out.exponent = -out.exponent;
      s = s.substr(0, e);
    }
    for (const char c : s) {
      if (c == '.') continue;
      if (c != '0' || !out.digits.empty()) out.digits += c;
    }
    const auto point = s.find('.');
    if (point != std::string_view::npos) {
      out.exponent -= static_cast<std::int64_t>(s.size() - point - 1);
    }
    while (!out.digits.empty() && out.digits.back() == '0') {
      out.digits.pop_back();
      ++out.exponent;
    }
    if (out.digits.empty()) return {};
    return out;
  }

  std::string text_;
};

/// A decimal number, its text kept exactly: see BasicDecimal.
using Decimal = BasicDecimal<>;

}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
