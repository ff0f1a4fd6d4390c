#pragma once

#include <optional>
#include <string>

#include "vitec/connect/contacted.hpp"
#include "vitec/connect/detail/json_fields.hpp"

namespace vitec::connect {

/// Follow-up of one viewing participant: body of PUT ViewingParticipant/{customerId}. The API
/// requires none of the fields; an absent one is left out of the body.
struct ParticipantFollowUp {
  std::optional<std::string> contact_id{};  ///< id of the participant's contact
  std::optional<std::string> viewing_id{};  ///< id of the viewing
  bool participated = false;                ///< whether they took part in the viewing; always sent
  std::optional<Contacted> contacted{};     ///< whether they have been contacted

  /// Equal when every field is.
  friend bool operator==(const ParticipantFollowUp& a, const ParticipantFollowUp& b) {
    return a.contact_id == b.contact_id && a.viewing_id == b.viewing_id &&
           a.participated == b.participated && a.contacted == b.contacted;
  }
  /// Not equal when any field differs.
  friend bool operator!=(const ParticipantFollowUp& a, const ParticipantFollowUp& b) {
    return !(a == b);
  }
};

/// nlohmann::json (and ordered_json) conversion, found by ADL; absent optionals are left out.
template <class BasicJson>
void to_json(BasicJson& j, const ParticipantFollowUp& v) {
  j = BasicJson::object();
  if (v.contact_id) j["contactId"] = *v.contact_id;
  if (v.viewing_id) j["viewingId"] = *v.viewing_id;
  j["participated"] = v.participated;
  if (v.contacted) j["contacted"] = v.contacted->name();
}

/// Throws ProtocolError when `j` is not an object of the documented shape.
template <class BasicJson>
void from_json(const BasicJson& j, ParticipantFollowUp& v) {
  const BasicJson& object = detail::require_object(j, "ParticipantFollowUp");
  v.contact_id = detail::optional_string(object, "contactId");
  v.viewing_id = detail::optional_string(object, "viewingId");
  v.participated = detail::boolean_or_false(object, "participated");
  v.contacted = detail::read_contacted(detail::optional_string(object, "contacted"));
}

}  // namespace vitec::connect
