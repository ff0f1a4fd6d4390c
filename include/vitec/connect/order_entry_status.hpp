#pragma once

#include "vitec/connect/detail/extensible_enum.hpp"
#include "vitec/connect/version.hpp"

namespace vitec::connect {
inline namespace VITEC_CONNECT_ABI_NAMESPACE {

/// The latest status of an order (OrderEntry::status, OrderQuery::status). An extensible enum:
/// the docs show only "Error"; any other name the server uses is kept as read.
class OrderEntryStatus : public detail::extensible_enum<OrderEntryStatus> {
 public:
  static const OrderEntryStatus error;  ///< "Error"

  /// The value named `name`, kept exactly as given: any name the server uses, not only "Error".
  /// serialize() and the order query refuse an empty name.
  using extensible_enum::extensible_enum;
};

inline const OrderEntryStatus OrderEntryStatus::error{"Error"};

}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
