#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "vitec/connect/date_time.hpp"
#include "vitec/connect/detail/data_contract.hpp"
#include "vitec/connect/detail/json_fields.hpp"
#include "vitec/connect/order_entry_status.hpp"
#include "vitec/connect/version.hpp"

namespace vitec::connect {
inline namespace VITEC_CONNECT_ABI_NAMESPACE {

/// One order made: the items of the list GET Service/Order/{customerId} answers.
struct OrderEntry {
  std::optional<std::string> id{};            ///< the order's id
  std::optional<DateTime> created_at{};       ///< when it was made
  std::optional<DateTime> last_updated_at{};  ///< when it last changed
  std::optional<OrderEntryStatus> status{};   ///< its latest status
  std::optional<std::string> target_id{};     ///< the estate it is about
  std::optional<std::string> user_id{};       ///< who ordered it
  std::optional<std::int64_t> service_id{};   ///< the service ordered

  // Templates only so that they are compiled where used; the types are named, not deduced.
  /// Equal when every member is (dates as DateTime compares them: as written).
  template <class = void>
  friend bool operator==(const OrderEntry& a, const OrderEntry& b) {
    return detail::fields_equal(a, b);
  }
  /// Not equal when any member differs.
  template <class = void>
  friend bool operator!=(const OrderEntry& a, const OrderEntry& b) {
    return !detail::fields_equal(a, b);
  }
};

namespace detail {

/// The wire contract of OrderEntry (docs: GET Service/Order). The docs show no XML for it: it is
/// written in OrderToken's namespace, and read in either order namespace.
template <>
struct contract<OrderEntry> {
  static constexpr const char* name = "OrderEntry";
  static constexpr const char* xml_namespace = express_order_ns;
  static constexpr const char* other_xml_namespace = order_ns;
  static constexpr auto fields =
      table(member(&OrderEntry::id, "id", "Id"),
            member(&OrderEntry::created_at, "createdAt", "CreatedAt"),
            member(&OrderEntry::last_updated_at, "lastUpdatedAt", "LastUpdatedAt"),
            member(&OrderEntry::status, "status", "Status"),
            member(&OrderEntry::target_id, "targetId", "TargetId"),
            member(&OrderEntry::user_id, "userId", "UserId"),
            member(&OrderEntry::service_id, "serviceId", "ServiceId"));
};

}  // namespace detail

}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
