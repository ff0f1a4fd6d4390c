#pragma once

#include "vitec/connect/detail/extensible_enum.hpp"
#include "vitec/connect/version.hpp"

namespace vitec::connect {
inline namespace VITEC_CONNECT_ABI_NAMESPACE {

namespace detail {
/// Holds OrderEntryStatus's documented name. A static member of a class template is defined only in
/// the units that use it, so including the header costs no start-up code.
template <class Enum>
struct order_entry_status_names {
  static const Enum error;  ///< "Error"
};
template <class Enum>
const Enum order_entry_status_names<Enum>::error{"Error"};
}  // namespace detail

/// The latest status of an order (OrderEntry::status, OrderQuery::status). An extensible enum:
/// the docs show only "Error" (OrderEntryStatus::error); any other name the server uses is kept
/// as read.
class OrderEntryStatus : public detail::extensible_enum<OrderEntryStatus>,
                         public detail::order_entry_status_names<OrderEntryStatus> {
 public:
  /// The value named `name`, kept exactly as given: any name the server uses, not only "Error".
  /// serialize() and the order query refuse an empty name.
  using extensible_enum::extensible_enum;
};

}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
