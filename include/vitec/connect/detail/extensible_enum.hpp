#pragma once

#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>
#include "vitec/connect/version.hpp"

namespace vitec::connect {
inline namespace VITEC_CONNECT_ABI_NAMESPACE {
namespace detail {

/// What Contacted and OrderEntryStatus share: a name kept exactly as the server writes it, so a
/// value the API adds later is held and sent back unchanged instead of failing to read. `Derived`
/// inherits the constructor; its documented names are static members of a second base
/// (detail::contacted_names, detail::order_entry_status_names).
template <class Derived>
class extensible_enum {
 public:
  /// The value named `name`, kept exactly as given. serialize() refuses an empty name.
  explicit extensible_enum(std::string name) : name_(std::move(name)) {}

  /// The name exactly as it goes on the wire.
  const std::string& name() const noexcept { return name_; }

  /// Equal when the names are (compared byte for byte, so case matters).
  friend bool operator==(const Derived& a, const Derived& b) { return a.name() == b.name(); }
  /// Not equal when the names differ.
  friend bool operator!=(const Derived& a, const Derived& b) { return !(a == b); }

 private:
  std::string name_;
};

template <class E>
std::true_type derives_from_extensible_enum(const extensible_enum<E>*);
std::false_type derives_from_extensible_enum(const void*);

/// Whether `T` is one of the extensible enums. Deduction, unlike std::is_base_of, instantiates no
/// extensible_enum<T> for a T that is not one.
template <class T>
inline constexpr bool is_extensible_enum =
    decltype(derives_from_extensible_enum(static_cast<const T*>(nullptr)))::value;

/// What the generated flags enums (EstateStatusFlags, ...) share: a set of names, written as .NET
/// writes a [Flags] enum ("ForSale, Sold"), each kept exactly as the server writes it, so a name
/// the API adds later is held and sent back unchanged. `Derived` inherits the constructors; its
/// documented names are static members of a second base, each holding that one name.
template <class Derived>
class extensible_flags {
 public:
  /// The value holding the one name `name`. serialize() refuses an empty name.
  explicit extensible_flags(std::string name) { names_.push_back(std::move(name)); }
  /// The value holding `names`, in the order given (which is the order they are written in).
  explicit extensible_flags(std::vector<std::string> names) : names_(std::move(names)) {}

  /// The names, in the order they were given or read.
  const std::vector<std::string>& names() const noexcept { return names_; }

  /// Whether `name` is one of the names (compared byte for byte).
  bool has(std::string_view name) const {
    for (const auto& each : names_) {
      if (each == name) return true;
    }
    return false;
  }

  /// The names of both: a's, then those of b's it does not hold.
  friend Derived operator|(const Derived& a, const Derived& b) {
    Derived out = a;
    for (const auto& name : b.names()) {
      if (!out.has(name)) out.names_.push_back(name);
    }
    return out;
  }

  /// Equal when both hold the same names, in whatever order.
  friend bool operator==(const Derived& a, const Derived& b) {
    if (a.names().size() != b.names().size()) return false;
    for (const auto& name : a.names()) {
      if (!b.has(name)) return false;
    }
    for (const auto& name : b.names()) {
      if (!a.has(name)) return false;
    }
    return true;
  }
  /// Not equal when the names differ.
  friend bool operator!=(const Derived& a, const Derived& b) { return !(a == b); }

 private:
  std::vector<std::string> names_;
};

template <class E>
std::true_type derives_from_extensible_flags(const extensible_flags<E>*);
std::false_type derives_from_extensible_flags(const void*);

/// Whether `T` is one of the generated flags enums.
template <class T>
inline constexpr bool is_extensible_flags =
    decltype(derives_from_extensible_flags(static_cast<const T*>(nullptr)))::value;

}  // namespace detail
}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
