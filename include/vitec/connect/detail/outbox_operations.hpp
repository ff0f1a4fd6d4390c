#pragma once

// The writes an Outbox holds, by operation id: the two 0.2 models, read back from their JSON and
// sent in the Client's format, and every write the description marks safe to send again
// (api/outbox_writes.hpp), sent as stored. They are exhaustive on purpose: an item whose operation
// is not in it is never sent (it becomes a dead letter that names it), so an item written by a
// newer SDK into a shared file cannot be sent to the wrong endpoint.

#include <nlohmann/json.hpp>

#include <array>
#include <string>
#include <string_view>
#include <variant>

#include "vitec/connect/api/outbox_writes.hpp"
#include "vitec/connect/client.hpp"
#include "vitec/connect/codec.hpp"
#include "vitec/connect/detail/encoding.hpp"
#include "vitec/connect/detail/outbox_record.hpp"
#include "vitec/connect/error.hpp"
#include "vitec/connect/version.hpp"

namespace vitec::connect {
inline namespace VITEC_CONNECT_ABI_NAMESPACE {
namespace detail {

using outbox_model = decltype(BulkRequest::model);

/// The JSON of an item read back as its model, refusing what the model would not keep: a member
/// it does not know (a typo would otherwise be dropped without a word) or a value of the wrong
/// type. Throws InvalidArgumentError naming the member.
template <class Model>
outbox_model outbox_model_from_json(std::string_view json) {
  const auto given = nlohmann::json::parse(json.begin(), json.end(), nullptr, false);
  if (given.is_discarded() || !given.is_object())
    throw InvalidArgumentError("the body is not a JSON object");
  Model model;
  try {
    model = deserialize<Model>(json, Format::json);
  } catch (const Error& e) {
    throw InvalidArgumentError(e.what());
  }
  const auto kept = nlohmann::json::parse(serialize(model, Format::json));
  for (auto member = given.begin(); member != given.end(); ++member) {
    if (member->is_null()) continue;
    bool known = false;
    for (auto out = kept.begin(); out != kept.end() && !known; ++out)
      known = iequals(out.key(), member.key());
    if (!known) throw InvalidArgumentError("unknown member \"" + member.key() + "\" in the body");
  }
  return model;
}

struct outbox_operation {
  std::string_view id;        ///< the help page's name
  std::string_view endpoint;  ///< the 0.2 files' name of it, which DeadLetter::endpoint shows
  outbox_model (*from_json)(std::string_view json);
};

inline constexpr std::array<outbox_operation, 2> outbox_operations{{
    {"PUT-ViewingParticipant-customerId", follow_up_endpoint,
     &outbox_model_from_json<ParticipantFollowUp>},
    {"PUT-Service-Order-UserInteraction-customerId", order_endpoint,
     &outbox_model_from_json<OrderUserInteractionRequest>},
}};

inline constexpr const outbox_operation& outbox_operation_of(const ParticipantFollowUp&) {
  return outbox_operations[0];
}
inline constexpr const outbox_operation& outbox_operation_of(const OrderUserInteractionRequest&) {
  return outbox_operations[1];
}

/// The write with this id an outbox may hold (sent from its stored path, query and JSON body),
/// or null when this SDK does not know it.
inline const outbox_write* find_outbox_write(std::string_view id) {
  for (const auto& write : outbox_writes) {
    if (write.id == id) return &write;
  }
  return nullptr;
}

/// The 0.2 model operation with this id, or null.
inline const outbox_operation* find_outbox_operation(std::string_view id) {
  for (const auto& operation : outbox_operations) {
    if (operation.id == id) return &operation;
  }
  return nullptr;
}

}  // namespace detail
}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
