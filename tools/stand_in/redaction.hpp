#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace vitec::stand_in::detail {

/// Whether a member or parameter of this name holds a personal identity number: one the
/// description marks personal_data, or one named like a social number (SocialNumber,
/// socialSecurityNumber, personnummer), in any model.
bool personal_name(std::string_view name);

/// A request body for a one-line log: JSON with the value of every personal member, at any
/// depth, shown as "<redacted>"; a body that is not JSON but names a personal member is
/// withheld whole. Then cut as log_excerpt cuts.
std::string logged_body(const std::string& body, std::size_t limit);

/// A request target with the value of every personal query parameter shown as "<redacted>".
std::string logged_target(std::string_view target);

}  // namespace vitec::stand_in::detail
