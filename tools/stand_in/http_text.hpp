#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vitec::stand_in::detail {

/// The path of a request target with %XX sequences decoded (and the query left off).
std::string decoded_path(std::string_view target);

/// The '/'-separated segments of a target's path after `prefix`, each percent-decoded on its own
/// (so an encoded '/' stays inside its segment); nullopt when the path does not start so.
std::optional<std::vector<std::string>> path_segments(std::string_view target,
                                                      std::string_view prefix);

/// User and password from an "Authorization: Basic ..." value; nullopt when it is not one.
std::optional<std::pair<std::string, std::string>> basic_credentials(std::string_view header);

bool iequals(std::string_view a, std::string_view b) noexcept;

/// `text` for a one-line log: control characters escaped (\n, \xNN), at most `limit` bytes kept
/// (never half a UTF-8 character), and "... (N bytes)" after a cut.
std::string log_excerpt(std::string_view text, std::size_t limit);

}  // namespace vitec::stand_in::detail
