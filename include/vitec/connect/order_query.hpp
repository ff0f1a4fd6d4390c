#pragma once

#include <optional>
#include <string>

#include "vitec/connect/date_time.hpp"
#include "vitec/connect/order_entry_status.hpp"
#include "vitec/connect/version.hpp"

namespace vitec::connect {
inline namespace VITEC_CONNECT_ABI_NAMESPACE {

/// Filters of GET Service/Order/{customerId} (Client::list_orders). Each absent filter is left out
/// of the query string; all absent lists every order.
struct OrderQuery {
  std::optional<std::string> target_id{};    ///< the estate (TargetId)
  std::optional<DateTime> created_from{};    ///< made at or after (MinValue)
  std::optional<DateTime> created_to{};      ///< made at or before (MaxValue)
  std::optional<OrderEntryStatus> status{};  ///< latest status (Status)

  /// Equal when every filter is.
  friend bool operator==(const OrderQuery& a, const OrderQuery& b) {
    return a.target_id == b.target_id && a.created_from == b.created_from &&
           a.created_to == b.created_to && a.status == b.status;
  }
  /// Not equal when any filter differs.
  friend bool operator!=(const OrderQuery& a, const OrderQuery& b) { return !(a == b); }
};

}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
