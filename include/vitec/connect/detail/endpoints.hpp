#pragma once

#include <optional>
#include <string>
#include <vector>

#include "vitec/connect/codec.hpp"
#include "vitec/connect/detail/order_query.hpp"
#include "vitec/connect/detail/url.hpp"
#include "vitec/connect/format.hpp"
#include "vitec/connect/version.hpp"

namespace vitec::connect {
inline namespace VITEC_CONNECT_ABI_NAMESPACE {
namespace detail {

// The functions and classes here are templates (with an unused parameter where nothing else
// makes them one) so that each is compiled only where it is used; see docs/design.md.

/// Which of ClientOptions' answer limits an endpoint's answer is held to.
enum class answer_size {
  single,  ///< one small value (a boolean, an OrderTicket): max_response_bytes
  list     ///< a list that grows with the customer's data: max_list_response_bytes
};

/// The input of an endpoint that takes nothing but its path ids.
struct no_input {};

/// One endpoint of the API, declared: its method, its path with an {id} placeholder for each
/// required path id (the name inside the braces is what an error calls it), whether it may be
/// sent again after it may already have reached the server, and which answer limit applies.
/// What goes in (`Input`: a body model, a query or nothing) and what comes back (`Answer`) are
/// the types; request_content_of() and decode_answer() do the rest for every endpoint alike.
template <class Input, class Answer>
struct endpoint {
  using input_type = Input;
  using answer_type = Answer;
  const char* method;
  const char* path;
  bool idempotent;
  answer_size size;
  /// The area of the API description it belongs to: with ClientOptions::password_for, the
  /// password is the one for the call's customer (its first path id) and this area.
  const char* area;
};

/// What an endpoint's input puts into a request besides the path.
struct request_content {
  std::string query{};                ///< after '?', already percent-encoded; "" = none
  std::optional<std::string> body{};  ///< nullopt = no body and no Content-Type
};

/// A follow-up is sent as its serialization in the client's format.
template <class = void>
request_content request_content_of(const ParticipantFollowUp& follow_up, Format format) {
  return {{}, serialize(follow_up, format)};
}

template <class = void>
request_content request_content_of(const OrderUserInteractionRequest& request, Format format) {
  // The server answers 400 for a relative URL: refuse it before sending anything.
  if (request.url) require_absolute_url("OrderUserInteractionRequest.url", *request.url);
  return {{}, serialize(request, format)};
}

template <class = void>
request_content request_content_of(const OrderToken& token, Format format) {
  if (!token.data || token.data->empty()) {
    throw InvalidArgumentError("OrderToken.data is required: the token the order URL carried");
  }
  return {{}, serialize(token, format)};
}

template <class = void>
request_content request_content_of(const OrderQuery& query, Format /*format*/) {
  return {order_query_string(query), std::nullopt};
}

template <class = void>
request_content request_content_of(no_input /*nothing*/, Format /*format*/) {
  return {};
}

namespace endpoints {

inline constexpr endpoint<ParticipantFollowUp, bool> update_viewing_participant{
    "PUT", "ViewingParticipant/{customer id}", true, answer_size::single, "viewing"};

inline constexpr endpoint<OrderUserInteractionRequest, bool> request_order_user_interaction{
    "PUT", "Service/Order/UserInteraction/{customer id}", true, answer_size::single, "service"};

/// The PUT that sends `model`, for bulk streams that mix both.
template <class = void>
const endpoint<ParticipantFollowUp, bool>& put_of(const ParticipantFollowUp& /*model*/) {
  return update_viewing_participant;
}
template <class = void>
const endpoint<OrderUserInteractionRequest, bool>& put_of(
    const OrderUserInteractionRequest& /*model*/) {
  return request_order_user_interaction;
}

inline constexpr endpoint<no_input, std::vector<ParticipantFollowUp>> get_viewing_participant{
    "GET", "ViewingParticipant/{customer id}/{contact id}/{viewing id}", true, answer_size::list,
    "viewing"};

// Redeeming a token only reads its ticket, and the docs say the order URL may be opened again
// for the same order: sending it twice is harmless, so it is retried like the rest.
inline constexpr endpoint<OrderToken, OrderTicket> get_order_ticket{
    "POST", "Service/Order/Token/{customer id}", true, answer_size::single, "service"};

inline constexpr endpoint<OrderQuery, std::vector<OrderEntry>> list_orders{
    "GET", "Service/Order/{customer id}", true, answer_size::list, "service"};

}  // namespace endpoints

}  // namespace detail
}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
