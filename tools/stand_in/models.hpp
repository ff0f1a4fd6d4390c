#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace vitec::stand_in::detail {

enum class endpoint_kind { viewing_participant, order_user_interaction };

enum class body_format { json, xml, unsupported };

/// The request format from a Content-Type header, as Web API picks its formatter.
body_format format_of(std::string_view content_type);

/// What model binding and validation made of a body: the members it understood, or why the
/// request is invalid (the shape of Web API's 400 answer).
struct binding {
  std::map<std::string, std::string> fields;
  std::map<std::string, std::vector<std::string>> model_state;
  bool valid() const noexcept { return model_state.empty(); }
};

/// Reads a body the way the real service does: JSON members by camelCase name, or DataContract
/// XML in which a member that comes out of alphabetical order is silently dropped.
binding bind(endpoint_kind endpoint, body_format format, const std::string& body);

/// The documented answer: `true` in JSON, or the Serialization namespace's <boolean>.
std::string boolean_answer(bool value, bool xml);

/// Web API's error body: {"message", "modelState"} in JSON, <Error> in XML.
std::string error_answer(const std::string& message,
                         const std::map<std::string, std::vector<std::string>>& model_state,
                         bool xml);

}  // namespace vitec::stand_in::detail
