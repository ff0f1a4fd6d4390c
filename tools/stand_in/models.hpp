#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace vitec::stand_in::detail {

/// The DataContract types the stand-in reads or writes, each described once by a member table.
enum class model {
  participant_follow_up,           ///< PUT ViewingParticipant body; GET ViewingParticipant item
  order_user_interaction_request,  ///< PUT Service/Order/UserInteraction body
  order_token,                     ///< POST Service/Order/Token body
  order_ticket,                    ///< POST Service/Order/Token answer
  order_entry,                     ///< GET Service/Order item
};

enum class body_format { json, xml, unsupported };

/// The request format from a Content-Type header, as Web API picks its formatter.
body_format format_of(std::string_view content_type);

/// Member values by DataContract name ("ViewingId", "CreatedAt"...); a member left out is null.
using record = std::map<std::string, std::string>;

/// What model binding and validation made of a body: the members it understood, or why the
/// request is invalid (the shape of Web API's 400 answer).
struct binding {
  record fields;
  std::map<std::string, std::vector<std::string>> model_state;
  bool valid() const noexcept { return model_state.empty(); }
};

/// Reads a body the way the real service does: JSON members by camelCase name, or DataContract
/// XML in which a member that comes out of alphabetical order is silently dropped. Members the
/// model only answers with (TimeSlotId) are not bound.
binding bind(model type, body_format format, const std::string& body);

/// One object of `type` as the service writes it: JSON members in the docs' order, camelCase, a
/// missing one as null; or DataContract XML, members in ordinal order, a missing one i:nil.
std::string object_answer(model type, const record& values, bool xml);

/// A list of `type`: a JSON array, or an ArrayOf<Type> root in the type's namespace.
std::string list_answer(model type, const std::vector<record>& items, bool xml);

/// The documented answer: `true` in JSON, or the Serialization namespace's <boolean>.
std::string boolean_answer(bool value, bool xml);

/// Web API's error body: {"message", "modelState"} in JSON, <Error> in XML.
std::string error_answer(const std::string& message,
                         const std::map<std::string, std::vector<std::string>>& model_state,
                         bool xml);

}  // namespace vitec::stand_in::detail
