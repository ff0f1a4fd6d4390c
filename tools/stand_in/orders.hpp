#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models.hpp"

namespace vitec::stand_in::detail {

/// The orders GET Service/Order answers for every customer, oldest first: each .NET date form
/// (no offset, seven fraction digits with an offset, "Z"), a null LastUpdatedAt, and a status
/// other than the documented "Error".
const std::vector<record>& demo_orders();

/// The token that POST Service/Order/Token redeems to a live ticket for `order`:
/// "demo-token-<orderId>".
std::string demo_token(const record& order);

/// The token that redeems to an expired ticket (of the first demo order).
inline constexpr std::string_view expired_token = "expired";

/// The OrderTicket for a token of POST Service/Order/Token: "demo-token-<orderId>" redeems to a
/// live ticket for that order, "expired" to one whose HasExpired is true; nullopt for any other.
std::optional<record> redeem_token(std::string_view token, const std::string& customer_id);

/// Binds the query of GET Service/Order (TargetId, MinValue, MaxValue, Status, named in any case):
/// the parameters understood, or a model state naming each one that does not parse.
binding bind_order_query(const std::multimap<std::string, std::string>& query);

/// The demo orders that pass the bound filters: TargetId exactly, MinValue <= CreatedAt <=
/// MaxValue, Status by name ignoring case.
std::vector<record> matching_orders(const record& filters);

}  // namespace vitec::stand_in::detail
