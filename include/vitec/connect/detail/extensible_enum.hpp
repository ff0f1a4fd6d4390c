#pragma once

#include <string>
#include <type_traits>
#include <utility>
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

}  // namespace detail
}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
