#pragma once

#include <optional>
#include <string>

#include "vitec/connect/detail/json_fields.hpp"

namespace vitec::connect {

/// A request for user interaction on a service order: body of
/// PUT Service/Order/UserInteraction/{customerId}. The API requires none of the fields; an absent
/// one is left out of the body.
struct OrderUserInteractionRequest {
  std::optional<std::string> id{};  ///< an id; the API docs describe it only as "Id"
  /// Absolute URL with scheme, e.g. https://..., to call for the interaction. A Client refuses
  /// any other with InvalidArgumentError before sending.
  std::optional<std::string> url{};
  std::optional<std::string> comment{};  ///< free text

  /// Equal when every field is.
  friend bool operator==(const OrderUserInteractionRequest& a,
                         const OrderUserInteractionRequest& b) {
    return a.id == b.id && a.url == b.url && a.comment == b.comment;
  }
  /// Not equal when any field differs.
  friend bool operator!=(const OrderUserInteractionRequest& a,
                         const OrderUserInteractionRequest& b) {
    return !(a == b);
  }
};

/// nlohmann::json (and ordered_json) conversion, found by ADL; absent optionals are left out.
template <class BasicJson>
void to_json(BasicJson& j, const OrderUserInteractionRequest& v) {
  j = BasicJson::object();
  if (v.id) j["id"] = *v.id;
  if (v.url) j["url"] = *v.url;
  if (v.comment) j["comment"] = *v.comment;
}

/// Throws ProtocolError when `j` is not an object of the documented shape.
template <class BasicJson>
void from_json(const BasicJson& j, OrderUserInteractionRequest& v) {
  const BasicJson& object = detail::require_object(j, "OrderUserInteractionRequest");
  v.id = detail::optional_string(object, "id");
  v.url = detail::optional_string(object, "url");
  v.comment = detail::optional_string(object, "comment");
}

}  // namespace vitec::connect
