#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "catalogue.hpp"

namespace vitec::stand_in::detail {

/// Web API's model state: what is wrong, by member ("Person.FirstName", "Person.Phones[0]").
using model_state = std::map<std::string, std::vector<std::string>>;

/// A body of the model `model_key` checked as Json.NET binds it and the data annotations
/// validate it: members found without regard to case, members the model lacks ignored, each
/// member's JSON type, the required ones present and not null, and the documented limits
/// (lengths in UTF-16 units as .NET counts them, ranges, least item counts), at every depth.
model_state check_body(const std::string& model_key, const nlohmann::json& body);

/// The parameters of `op`: each required query parameter present and not empty, each one given
/// of its kind (a number, a boolean, a date, a documented name) and within its documented length,
/// and no list, in the path (`path`, by name) or the query, of more ids than documented.
model_state check_parameters(const operation_spec& op,
                             const std::map<std::string, std::string>& path,
                             const std::multimap<std::string, std::string>& query);

/// How many UTF-16 units .NET's string.Length counts in `utf8`.
std::size_t utf16_length(std::string_view utf8);

}  // namespace vitec::stand_in::detail
