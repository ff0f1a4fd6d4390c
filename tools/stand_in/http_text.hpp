#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace vitec::stand_in::detail {

/// The path of a request target with %XX sequences decoded (and the query left off).
std::string decoded_path(std::string_view target);

/// User and password from an "Authorization: Basic ..." value; nullopt when it is not one.
std::optional<std::pair<std::string, std::string>> basic_credentials(std::string_view header);

bool iequals(std::string_view a, std::string_view b) noexcept;

}  // namespace vitec::stand_in::detail
