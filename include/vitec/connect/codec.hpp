#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

#include "vitec/connect/detail/json_writer.hpp"
#include "vitec/connect/detail/utf8.hpp"
#include "vitec/connect/detail/xml.hpp"
#include "vitec/connect/error.hpp"
#include "vitec/connect/format.hpp"
#include "vitec/connect/order_user_interaction_request.hpp"
#include "vitec/connect/participant_follow_up.hpp"

namespace vitec::connect {

namespace detail {

inline constexpr const char* follow_up_ns =
    "http://schemas.datacontract.org/2004/07/Vitec.Housing.Connect.Api.Models.ParticipantFollowUp";
inline constexpr const char* order_ns =
    "http://schemas.datacontract.org/2004/07/Vitec.Housing.Connect.Api.Models.Order";

/// Refuses, before anything is sent, a value the chosen format cannot carry intact.
inline void require_sendable(const char* field, std::string_view value, Format format) {
  const auto check = check_text(value, format == Format::xml);
  if (check.problem == text_problem::none) return;
  throw InvalidArgumentError(std::string(field) +
                             (check.problem == text_problem::invalid_utf8
                                  ? " is not valid UTF-8"
                                  : " holds a character that XML 1.0 cannot carry") +
                             " (at byte " + std::to_string(check.offset) + ")");
}

inline void require_sendable_if(const char* field, const std::optional<std::string>& value,
                                Format format) {
  if (value) require_sendable(field, *value, format);
}

inline void validate(const ParticipantFollowUp& v, Format format) {
  require_sendable_if("ParticipantFollowUp.contactId", v.contact_id, format);
  require_sendable_if("ParticipantFollowUp.viewingId", v.viewing_id, format);
  if (v.contacted) {
    if (v.contacted->name().empty()) {
      throw InvalidArgumentError("ParticipantFollowUp.contacted has an empty name");
    }
    require_sendable("ParticipantFollowUp.contacted", v.contacted->name(), format);
  }
}

inline void validate(const OrderUserInteractionRequest& v, Format format) {
  require_sendable_if("OrderUserInteractionRequest.id", v.id, format);
  require_sendable_if("OrderUserInteractionRequest.url", v.url, format);
  require_sendable_if("OrderUserInteractionRequest.comment", v.comment, format);
}

// The members in the order of to_json and of the docs' samples.
inline std::string to_json_text(const ParticipantFollowUp& v) {
  json_object_writer json;
  if (v.contact_id) json.member("contactId", *v.contact_id);
  if (v.viewing_id) json.member("viewingId", *v.viewing_id);
  json.member("participated", v.participated);
  if (v.contacted) json.member("contacted", v.contacted->name());
  return std::move(json).finish();
}

inline std::string to_json_text(const OrderUserInteractionRequest& v) {
  json_object_writer json;
  if (v.id) json.member("id", *v.id);
  if (v.url) json.member("url", *v.url);
  if (v.comment) json.member("comment", *v.comment);
  return std::move(json).finish();
}

inline std::string to_xml_text(const ParticipantFollowUp& v) {
  data_contract_writer xml("ParticipantFollowUp", follow_up_ns);
  if (v.contact_id) xml.member("ContactId", *v.contact_id);
  if (v.contacted) xml.member("Contacted", v.contacted->name());
  xml.member("Participated", v.participated ? "true" : "false");
  if (v.viewing_id) xml.member("ViewingId", *v.viewing_id);
  return std::move(xml).finish();
}

inline std::string to_xml_text(const OrderUserInteractionRequest& v) {
  data_contract_writer xml("OrderUserInteractionRequest", order_ns);
  if (v.comment) xml.member("Comment", *v.comment);
  if (v.id) xml.member("Id", *v.id);
  if (v.url) xml.member("Url", *v.url);
  return std::move(xml).finish();
}

template <class Map>
std::optional<std::string> take(const Map& members, std::string_view name) {
  const auto it = members.find(name);
  if (it == members.end()) return std::nullopt;
  return it->second;
}

template <class Model>
Model from_json_text(std::string_view body) {
  const auto j = nlohmann::json::parse(body.begin(), body.end(), nullptr, false);
  if (j.is_discarded()) throw ProtocolError("body is not valid JSON");
  return j.template get<Model>();
}

template <class Model>
Model from_xml_text(std::string_view body);

template <>
inline ParticipantFollowUp from_xml_text<ParticipantFollowUp>(std::string_view body) {
  const xml_document doc(body, "ParticipantFollowUp", follow_up_ns);
  const auto members = doc.members();
  ParticipantFollowUp v;
  v.contact_id = take(members, "ContactId");
  v.viewing_id = take(members, "ViewingId");
  v.contacted = read_contacted(take(members, "Contacted"));
  if (const auto participated = take(members, "Participated")) {
    const auto value = parse_xml_boolean(*participated);
    if (!value) throw ProtocolError("XML member <Participated> is not a boolean");
    v.participated = *value;
  }
  return v;
}

template <>
inline OrderUserInteractionRequest from_xml_text<OrderUserInteractionRequest>(
    std::string_view body) {
  const xml_document doc(body, "OrderUserInteractionRequest", order_ns);
  const auto members = doc.members();
  OrderUserInteractionRequest v;
  v.id = take(members, "Id");
  v.url = take(members, "Url");
  v.comment = take(members, "Comment");
  return v;
}

inline bool boolean_from_json(std::string_view body) {
  const auto j = nlohmann::json::parse(body.begin(), body.end(), nullptr, false);
  if (j.is_discarded() || !j.is_boolean()) throw ProtocolError("body is not a JSON boolean");
  return j.get<bool>();
}

inline bool boolean_from_xml(std::string_view body) {
  const xml_document doc(body, "boolean", serialization_ns);
  const auto value = parse_xml_boolean(xml_document::text_of(doc.root()));
  if (!value) throw ProtocolError("XML <boolean> does not hold true or false");
  return *value;
}

}  // namespace detail

/// The request body for `v`; throws InvalidArgumentError for a value the format cannot carry
/// (text that is not UTF-8, or for XML a character XML 1.0 forbids).
inline std::string serialize(const ParticipantFollowUp& v, Format format) {
  detail::validate(v, format);
  return format == Format::json ? detail::to_json_text(v) : detail::to_xml_text(v);
}

/// \copydoc serialize(const ParticipantFollowUp&, Format)
inline std::string serialize(const OrderUserInteractionRequest& v, Format format) {
  detail::validate(v, format);
  return format == Format::json ? detail::to_json_text(v) : detail::to_xml_text(v);
}

/// Reads a model or the response boolean from `body`; throws ProtocolError when malformed.
template <class T>
T deserialize(std::string_view /*body*/, Format /*format*/) {
  static_assert(sizeof(T) == 0,
                "deserialize reads bool, ParticipantFollowUp and "
                "OrderUserInteractionRequest only");
  return T{};
}

/// The response boolean is read in either format whatever was requested: a server may answer
/// XML to an XML request without honouring Accept, or JSON by default.
template <>
inline bool deserialize<bool>(std::string_view body, Format /*requested*/) {
  constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";  // .NET writers may put one before XML
  const auto first = body.find_first_not_of(" \t\r\n", body.rfind(utf8_bom, 0) == 0 ? 3 : 0);
  const bool looks_like_xml = first != std::string_view::npos && body[first] == '<';
  return looks_like_xml ? detail::boolean_from_xml(body) : detail::boolean_from_json(body);
}

template <>
inline ParticipantFollowUp deserialize<ParticipantFollowUp>(std::string_view body, Format format) {
  return format == Format::json ? detail::from_json_text<ParticipantFollowUp>(body)
                                : detail::from_xml_text<ParticipantFollowUp>(body);
}

template <>
inline OrderUserInteractionRequest deserialize<OrderUserInteractionRequest>(std::string_view body,
                                                                            Format format) {
  return format == Format::json ? detail::from_json_text<OrderUserInteractionRequest>(body)
                                : detail::from_xml_text<OrderUserInteractionRequest>(body);
}

}  // namespace vitec::connect
