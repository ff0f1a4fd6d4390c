#pragma once

#include <optional>
#include <string>

#include "vitec/connect/detail/data_contract.hpp"
#include "vitec/connect/detail/json_fields.hpp"
#include "vitec/connect/version.hpp"

namespace vitec::connect {
inline namespace VITEC_CONNECT_ABI_NAMESPACE {

/// An order token to redeem: body of POST Service/Order/Token/{customerId}. A service provider
/// receives the token as the `token` query parameter when Vitec Express opens its order URL.
struct OrderToken {
  std::optional<std::string> data{};  ///< the token exactly as received (already URL-decoded)

  // Templates only so that they are compiled where used; the types are named, not deduced.
  /// Equal when every member is.
  template <class = void>
  friend bool operator==(const OrderToken& a, const OrderToken& b) {
    return detail::fields_equal(a, b);
  }
  /// Not equal when any member differs.
  template <class = void>
  friend bool operator!=(const OrderToken& a, const OrderToken& b) {
    return !detail::fields_equal(a, b);
  }
};

namespace detail {

/// The wire contract of OrderToken (docs: POST Service/Order/Token). Note its namespace:
/// Express.Connect, not the Vitec.Housing.Connect one of OrderUserInteractionRequest.
template <>
struct contract<OrderToken> {
  static constexpr const char* name = "OrderToken";
  static constexpr const char* xml_namespace = express_order_ns;
  static constexpr const char* other_xml_namespace = nullptr;
  static constexpr auto fields = table(member(&OrderToken::data, "data", "Data"));
};

}  // namespace detail

}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
