#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "vitec/connect/detail/encoding.hpp"
#include "vitec/connect/error.hpp"

namespace vitec::connect::detail {

// Reading is lenient in the way .NET's JSON reader is: member names match regardless of case,
// null is the same as absent, unknown members are ignored.

template <class BasicJson>
const BasicJson* find_member(const BasicJson& object, std::string_view name) {
  for (auto it = object.begin(); it != object.end(); ++it) {
    if (iequals(it.key(), name)) return it->is_null() ? nullptr : &*it;
  }
  return nullptr;
}

template <class BasicJson>
const BasicJson& require_object(const BasicJson& j, const char* type_name) {
  if (!j.is_object()) throw ProtocolError(std::string("expected a JSON object for ") + type_name);
  return j;
}

template <class BasicJson>
std::optional<std::string> optional_string(const BasicJson& object, std::string_view name) {
  const BasicJson* member = find_member(object, name);
  if (!member) return std::nullopt;
  if (!member->is_string()) {
    throw ProtocolError("JSON member \"" + std::string(name) + "\" is not a string");
  }
  return member->template get<std::string>();
}

template <class BasicJson>
bool boolean_or_false(const BasicJson& object, std::string_view name) {
  const BasicJson* member = find_member(object, name);
  if (!member) return false;
  if (!member->is_boolean()) {
    throw ProtocolError("JSON member \"" + std::string(name) + "\" is not a boolean");
  }
  return member->template get<bool>();
}

}  // namespace vitec::connect::detail
