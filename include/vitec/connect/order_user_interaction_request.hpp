#pragma once

#include <optional>
#include <string>

#include "vitec/connect/detail/data_contract.hpp"
#include "vitec/connect/detail/json_fields.hpp"
#include "vitec/connect/version.hpp"

namespace vitec::connect {
inline namespace VITEC_CONNECT_ABI_NAMESPACE {

/// A request for user interaction on a service order: body of
/// PUT Service/Order/UserInteraction/{customerId}. The API requires none of the fields; an absent
/// one is left out of the body.
struct OrderUserInteractionRequest {
  std::optional<std::string> id{};  ///< the order's id, as OrderTicket::order_id gives it
  /// Absolute URL with scheme, e.g. https://..., to call for the interaction. A Client refuses
  /// any other with InvalidArgumentError before sending.
  std::optional<std::string> url{};
  std::optional<std::string> comment{};  ///< free text

  // Templates only so that they are compiled where used; the types are named, not deduced.
  /// Equal when every member is.
  template <class = void>
  friend bool operator==(const OrderUserInteractionRequest& a,
                         const OrderUserInteractionRequest& b) {
    return detail::fields_equal(a, b);
  }
  /// Not equal when any member differs.
  template <class = void>
  friend bool operator!=(const OrderUserInteractionRequest& a,
                         const OrderUserInteractionRequest& b) {
    return !detail::fields_equal(a, b);
  }
};

namespace detail {

/// The wire contract of OrderUserInteractionRequest (docs: PUT Service/Order/UserInteraction).
template <>
struct contract<OrderUserInteractionRequest> {
  static constexpr const char* name = "OrderUserInteractionRequest";
  static constexpr const char* xml_namespace = order_ns;
  static constexpr const char* other_xml_namespace = nullptr;
  static constexpr auto fields =
      table(member(&OrderUserInteractionRequest::id, "id", "Id"),
            member(&OrderUserInteractionRequest::url, "url", "Url"),
            member(&OrderUserInteractionRequest::comment, "comment", "Comment"));
};

}  // namespace detail

}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
