#pragma once

#include <optional>
#include <string>

#include "vitec/connect/detail/data_contract.hpp"
#include "vitec/connect/detail/json_fields.hpp"
#include "vitec/connect/version.hpp"

namespace vitec::connect {
inline namespace VITEC_CONNECT_ABI_NAMESPACE {

/// What redeeming an OrderToken answers (POST Service/Order/Token/{customerId}): the order and who
/// it concerns. The docs may call the order URL repeatedly for one order id.
struct OrderTicket {
  std::optional<std::string> order_id{};       ///< the order; OrderUserInteractionRequest::id
  std::optional<std::string> user_id{};        ///< the signed-in user
  std::optional<std::string> order_user_id{};  ///< the estate's agent, who owns the order
  std::optional<std::string> target_id{};      ///< the estate the order is about
  std::optional<std::string> target_type{};    ///< the kind of estate
  std::optional<std::string> tenant_id{};      ///< the customer's whole environment
  std::optional<std::string> chain_id{};       ///< the customer's chain
  std::optional<std::string> customer_id{};    ///< the office that owns the order
  bool has_expired = false;                    ///< the token has expired and cannot be used

  // Templates only so that they are compiled where used; the types are named, not deduced.
  /// Equal when every member is.
  template <class = void>
  friend bool operator==(const OrderTicket& a, const OrderTicket& b) {
    return detail::fields_equal(a, b);
  }
  /// Not equal when any member differs.
  template <class = void>
  friend bool operator!=(const OrderTicket& a, const OrderTicket& b) {
    return !detail::fields_equal(a, b);
  }
};

namespace detail {

/// The wire contract of OrderTicket (docs: POST Service/Order/Token). The docs show no XML for
/// it: it is written in OrderToken's namespace, and read in either order namespace.
template <>
struct contract<OrderTicket> {
  static constexpr const char* name = "OrderTicket";
  static constexpr const char* xml_namespace = express_order_ns;
  static constexpr const char* other_xml_namespace = order_ns;
  static constexpr auto fields =
      table(member(&OrderTicket::order_id, "orderId", "OrderId"),
            member(&OrderTicket::user_id, "userId", "UserId"),
            member(&OrderTicket::order_user_id, "orderUserId", "OrderUserId"),
            member(&OrderTicket::target_id, "targetId", "TargetId"),
            member(&OrderTicket::target_type, "targetType", "TargetType"),
            member(&OrderTicket::tenant_id, "tenantId", "TenantId"),
            member(&OrderTicket::chain_id, "chainId", "ChainId"),
            member(&OrderTicket::customer_id, "customerId", "CustomerId"),
            member(&OrderTicket::has_expired, "hasExpired", "HasExpired"));
};

}  // namespace detail

}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
