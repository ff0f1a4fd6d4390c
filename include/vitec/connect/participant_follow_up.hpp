#pragma once

#include <optional>
#include <string>

#include "vitec/connect/contacted.hpp"
#include "vitec/connect/detail/data_contract.hpp"
#include "vitec/connect/detail/json_fields.hpp"
#include "vitec/connect/version.hpp"

namespace vitec::connect {
inline namespace VITEC_CONNECT_ABI_NAMESPACE {

/// Follow-up of one viewing participant: body of PUT ViewingParticipant/{customerId}, and the
/// items of the list GET ViewingParticipant/{customerId}/{contactId}/{viewingId} answers. The API
/// requires none of the fields; an absent one is left out of the body.
struct ParticipantFollowUp {
  std::optional<std::string> contact_id{};  ///< id of the participant's contact
  std::optional<std::string> viewing_id{};  ///< id of the viewing
  bool participated = false;                ///< whether they took part in the viewing; always sent
  std::optional<Contacted> contacted{};     ///< whether they have been contacted
  /// The viewing's time slot, as GET answers it; never sent by serialize() (nor by the PUT).
  std::optional<std::string> time_slot_id{};

  // Templates only so that they are compiled where used; the types are named, not deduced.
  /// Equal when every member is.
  template <class = void>
  friend bool operator==(const ParticipantFollowUp& a, const ParticipantFollowUp& b) {
    return detail::fields_equal(a, b);
  }
  /// Not equal when any member differs.
  template <class = void>
  friend bool operator!=(const ParticipantFollowUp& a, const ParticipantFollowUp& b) {
    return !detail::fields_equal(a, b);
  }
};

namespace detail {

/// The wire contract of ParticipantFollowUp (docs: PUT and GET ViewingParticipant).
template <>
struct contract<ParticipantFollowUp> {
  static constexpr const char* name = "ParticipantFollowUp";
  static constexpr const char* xml_namespace = follow_up_ns;
  static constexpr const char* other_xml_namespace = nullptr;
  static constexpr auto fields =
      table(member(&ParticipantFollowUp::contact_id, "contactId", "ContactId"),
            member(&ParticipantFollowUp::viewing_id, "viewingId", "ViewingId"),
            member(&ParticipantFollowUp::participated, "participated", "Participated"),
            member(&ParticipantFollowUp::contacted, "contacted", "Contacted"),
            answer_member(&ParticipantFollowUp::time_slot_id, "timeSlotId", "TimeSlotId"));
};

}  // namespace detail

}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
