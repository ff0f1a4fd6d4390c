#pragma once

// What the Outbox writes into its store besides the body: an item's key, and an Error as JSON
// (so that a dead letter gives back the Error the Client reported, details and all).

#include <nlohmann/json.hpp>

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "vitec/connect/detail/outbox_store.hpp"
#include "vitec/connect/error.hpp"
#include "vitec/connect/order_user_interaction_request.hpp"
#include "vitec/connect/participant_follow_up.hpp"
#include "vitec/connect/version.hpp"

namespace vitec::connect {
inline namespace VITEC_CONNECT_ABI_NAMESPACE {
namespace detail {

inline constexpr std::string_view follow_up_endpoint = "ViewingParticipant";
inline constexpr std::string_view order_endpoint = "Service/Order/UserInteraction";

/// The state a PUT replaces: items with one key are sent in order and a later one supersedes
/// an earlier one still waiting. An item lacking a part of its key gets none (""): the server
/// cannot tell which state it replaces, so it is ordered against nothing. A JSON array keeps
/// the parts apart whatever characters they hold.
inline std::string order_key(std::string_view customer_id, const ParticipantFollowUp& item) {
  if (!item.contact_id || !item.viewing_id) return {};
  return nlohmann::json::array(
             {follow_up_endpoint, customer_id, *item.contact_id, *item.viewing_id})
      .dump();
}

inline std::string order_key(std::string_view customer_id,
                             const OrderUserInteractionRequest& item) {
  if (!item.id) return {};
  return nlohmann::json::array({order_endpoint, customer_id, *item.id}).dump();
}

inline constexpr std::array<std::pair<ErrorKind, const char*>, 10> error_kind_names{{
    {ErrorKind::invalid_argument, "invalid_argument"},
    {ErrorKind::validation, "validation"},
    {ErrorKind::unauthorized, "unauthorized"},
    {ErrorKind::forbidden, "forbidden"},
    {ErrorKind::server, "server"},
    {ErrorKind::http, "http"},
    {ErrorKind::transport, "transport"},
    {ErrorKind::timeout, "timeout"},
    {ErrorKind::protocol, "protocol"},
    {ErrorKind::not_found, "not_found"},
}};

inline const char* error_kind_name(ErrorKind kind) {
  for (const auto& [value, name] : error_kind_names) {
    if (value == kind) return name;
  }
  return "http";
}

inline std::string error_to_json(const Error& error) {
  nlohmann::json j{{"kind", error_kind_name(error.kind())},
                   {"what", error.what()},
                   {"status", error.status()},
                   {"body", error.body()},
                   {"attempts", error.attempts()},
                   {"message", error.message()},
                   {"model_state", error.model_state()},
                   {"permanent", error.details().permanent}};
  if (const auto wait = error.retry_after()) j["retry_after_ms"] = wait->count();
  // A server's body need not be UTF-8: replace what is not rather than fail to record the error.
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

/// The Error error_to_json wrote; a record this version cannot read gives a ProtocolError that
/// says so, rather than hiding the dead letter.
inline Error error_from_json(std::string_view text) {
  const auto j = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return Error(ErrorKind::protocol, "outbox: unreadable error record");
  }
  ErrorKind kind = ErrorKind::http;
  const auto name = j.value("kind", std::string());
  for (const auto& [value, known] : error_kind_names) {
    if (name == known) kind = value;
  }
  ErrorDetails details;
  details.status = j.value("status", 0);
  // A 0.2 SDK recorded a 404 as http: read it as this SDK reports one, so that a switch on
  // kind() sees every dead letter of a 404 alike.
  if (kind == ErrorKind::http && details.status == 404) kind = ErrorKind::not_found;
  details.body = j.value("body", std::string());
  details.attempts = j.value("attempts", 0);
  details.message = j.value("message", std::string());
  details.model_state = j.value("model_state", decltype(details.model_state){});
  details.permanent = j.value("permanent", false);
  if (j.contains("retry_after_ms")) {
    details.retry_after = std::chrono::milliseconds(j["retry_after_ms"].get<std::int64_t>());
  }
  return Error(kind, j.value("what", std::string()), std::move(details));
}

}  // namespace detail
}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
