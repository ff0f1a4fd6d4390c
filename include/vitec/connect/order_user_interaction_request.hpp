#pragma once

#include <optional>
#include <string>

#include "vitec/connect/detail/json_fields.hpp"

namespace vitec::connect {

/// A request for user interaction on a service order: body of
/// PUT Service/Order/UserInteraction/{customerId}.
struct OrderUserInteractionRequest {
  std::optional<std::string> id;
  std::optional<std::string> url;  ///< absolute URL with scheme, e.g. https://...
  std::optional<std::string> comment;

  friend bool operator==(const OrderUserInteractionRequest& a,
                         const OrderUserInteractionRequest& b) {
    return a.id == b.id && a.url == b.url && a.comment == b.comment;
  }
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
