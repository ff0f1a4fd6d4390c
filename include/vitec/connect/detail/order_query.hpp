#pragma once

#include <string>
#include <string_view>

#include "vitec/connect/date_time.hpp"
#include "vitec/connect/detail/data_contract.hpp"
#include "vitec/connect/detail/encoding.hpp"
#include "vitec/connect/detail/wire_value.hpp"
#include "vitec/connect/error.hpp"
#include "vitec/connect/format.hpp"
#include "vitec/connect/order_query.hpp"
#include "vitec/connect/version.hpp"

namespace vitec::connect {
inline namespace VITEC_CONNECT_ABI_NAMESPACE {
namespace detail {

// The functions and classes here are templates (with an unused parameter where nothing else
// makes them one) so that each is compiled only where it is used; see docs/design.md.

/// The query string of GET Service/Order/{customerId} for `query`, without the '?': e.g.
/// "TargetId=T1&MaxValue=2015-01-01T12:00:00&MinValue=2015-01-01T12:00:00&Status=Error", "" when
/// no filter is set. The parameters come in the order of the docs' sample request, which
/// flattens the CreatedAt range to bare MinValue and MaxValue. Throws InvalidArgumentError, before
/// anything is sent, for an empty target id or status name, or text that is not UTF-8.
template <class = void>
std::string order_query_string(const OrderQuery& query) {
  std::string out;
  const auto add = [&out](std::string_view name, std::string_view value) {
    if (!out.empty()) out += '&';
    out.append(name).append("=").append(percent_encode_query_value(value));
  };
  if (query.target_id) {
    const member_ref where{"OrderQuery", "targetId"};
    if (query.target_id->empty()) throw InvalidArgumentError(where.label() + " is empty");
    value_codec<std::string>::check(*query.target_id, where, Format::json);
    add("TargetId", *query.target_id);
  }
  if (query.created_to) add("MaxValue", query.created_to->to_string());
  if (query.created_from) add("MinValue", query.created_from->to_string());
  if (query.status) {
    value_codec<OrderEntryStatus>::check(*query.status, member_ref{"OrderQuery", "status"},
                                         Format::json);
    add("Status", query.status->name());
  }
  return out;
}

}  // namespace detail
}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
