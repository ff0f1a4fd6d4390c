#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "vitec/connect/decimal.hpp"
#include "vitec/connect/detail/data_contract.hpp"
#include "vitec/connect/detail/utf8.hpp"
#include "vitec/connect/error.hpp"
#include "vitec/connect/version.hpp"

namespace vitec::connect {
inline namespace VITEC_CONNECT_ABI_NAMESPACE {
namespace detail {

// The documented limits of a generated model's members ("mellan 0 och 40 tecken", "Krävs",
// value ranges), checked before anything is sent. Each generated contract with a limit has a
// check_limits() that calls these; a member that is absent is checked only for being required.

/// The length .NET's StringLength attribute measures: UTF-16 code units, so that a character
/// outside the Basic Multilingual Plane counts 2, as on the server.
template <class = void>
std::size_t utf16_length(std::string_view text) {
  std::size_t units = 0;
  for (std::size_t at = 0; at < text.size();) {
    const auto code_point = next_code_point(text, at);
    if (!code_point) return text.size();  // not UTF-8: the text check refuses it anyway
    units += *code_point >= 0x10000 ? 2 : 1;
  }
  return units;
}

template <class = void>
[[noreturn]] void refuse_member(const char* model, const char* member, const std::string& why) {
  throw InvalidArgumentError(std::string(model) + '.' + member + ' ' + why);
}

template <class T>
bool is_present(const T& value) {
  if constexpr (std::is_same_v<T, std::string>) {
    return !value.empty();
  } else if constexpr (std::is_same_v<T, bool> || std::is_same_v<T, std::int64_t> || is_model<T>) {
    return true;  // a required bool, number or nested model always holds a value
  } else {
    return static_cast<bool>(value);  // std::optional
  }
}

template <class T>
bool is_present(const std::vector<T>& value) {
  return !value.empty();
}

/// A required member: present, and a text or list not empty.
template <class T>
void check_required(const T& value, const char* model, const char* member) {
  if (!is_present(value)) refuse_member(model, member, "is required");
}

template <class = void>
void check_length_of(std::string_view text, const char* model, const char* member, std::int64_t min,
                     std::int64_t max) {
  const auto length = static_cast<std::int64_t>(utf16_length(text));
  if (length < min || (max >= 0 && length > max)) {
    refuse_member(model, member,
                  "must be " +
                      (max >= 0 ? "between " + std::to_string(min) + " and " + std::to_string(max)
                                : "at least " + std::to_string(min)) +
                      " characters long, not " + std::to_string(length));
  }
}

/// A text's length in [min, max] (max < 0: no upper limit); an absent text is not checked.
template <class = void>
void check_length(const std::string& value, const char* model, const char* member, std::int64_t min,
                  std::int64_t max) {
  check_length_of(value, model, member, min, max);
}
template <class = void>
void check_length(const std::optional<std::string>& value, const char* model, const char* member,
                  std::int64_t min, std::int64_t max) {
  if (value) check_length_of(*value, model, member, min, max);
}

template <class = void>
double number_of(std::int64_t value) {
  return static_cast<double>(value);
}
template <class Unused>
double number_of(const BasicDecimal<Unused>& value) {
  return value.to_double();
}

/// A number in [minimum, maximum] (either bound may be absent); an absent number is not checked.
template <class T>
void check_range(const T& value, const char* model, const char* member,
                 std::optional<std::int64_t> minimum, std::optional<std::int64_t> maximum) {
  const double x = number_of(value);
  if ((minimum && x < static_cast<double>(*minimum)) ||
      (maximum && x > static_cast<double>(*maximum))) {
    const auto bound = [](std::optional<std::int64_t> b) {
      return b ? std::to_string(*b) : std::string("any");
    };
    refuse_member(model, member, "must be between " + bound(minimum) + " and " + bound(maximum));
  }
}
template <class T>
void check_range(const std::optional<T>& value, const char* model, const char* member,
                 std::optional<std::int64_t> minimum, std::optional<std::int64_t> maximum) {
  if (value) check_range(*value, model, member, minimum, maximum);
}

/// A list of at least `min` items ("minst 4 koordinater").
template <class T>
void check_items(const std::vector<T>& value, const char* model, const char* member,
                 std::size_t min) {
  if (value.size() < min) {
    refuse_member(model, member,
                  "must hold at least " + std::to_string(min) + " items, not " +
                      std::to_string(value.size()));
  }
}

/// Members of which the page requires at least one ("telefon eller e-post krävs").
template <class = void>
void check_one_of(std::initializer_list<bool> present, const char* model, const char* members) {
  for (const bool each : present) {
    if (each) return;
  }
  throw InvalidArgumentError(std::string(model) + ": at least one of " + members + " is required");
}

}  // namespace detail
}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
