#pragma once

#include <cstddef>
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

/// `text` for a one-line log: control characters escaped (\n, \xNN), at most `limit` bytes kept
/// (never half a UTF-8 character), and "... (N bytes)" after a cut.
std::string log_excerpt(std::string_view text, std::size_t limit);

}  // namespace vitec::stand_in::detail
