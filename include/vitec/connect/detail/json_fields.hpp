#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "vitec/connect/detail/data_contract.hpp"
#include "vitec/connect/detail/wire_value.hpp"
#include "vitec/connect/error.hpp"
#include "vitec/connect/version.hpp"

namespace vitec::connect {
inline namespace VITEC_CONNECT_ABI_NAMESPACE {

namespace detail {

// The functions and classes here are templates (with an unused parameter where nothing else
// makes them one) so that each is compiled only where it is used; see docs/design.md.

// Reading is lenient in the way .NET's JSON reader is: member names match regardless of case,
// null is the same as absent, unknown members are ignored, order does not matter.

template <class BasicJson>
const BasicJson& require_object(const BasicJson& j, const char* type_name) {
  if (!j.is_object()) throw ProtocolError(std::string("expected a JSON object for ") + type_name);
  return j;
}

template <class Model, class BasicJson, std::size_t I>
void read_json_field(const BasicJson& j, Model& v) {
  const auto& field = field_at<I>(table_of<Model>::value);
  using member_type = std::decay_t<decltype(v.*field.member)>;
  v.*field.member =
      codec_of<member_type>::from_json(j, member_ref{contract<Model>::name, field.json_name});
}

/// Model's readers by field index, so that a member found by name is read without walking the
/// table again.
template <class Model, class BasicJson, std::size_t... I>
constexpr std::array<void (*)(const BasicJson&, Model&), sizeof...(I)> json_readers(
    std::index_sequence<I...>) {
  return {&read_json_field<Model, BasicJson, I>...};
}

/// Reads every member the contract of Model names; throws ProtocolError naming the member. Each
/// member of the object is looked up by name (field_by_json_name), and the first one that
/// matches a field counts, null or not, as when each field was searched for in turn.
template <class Model, class BasicJson>
void read_json_model(const BasicJson& j, Model& v) {
  constexpr std::size_t count = field_count<Model>;
  static constexpr auto readers = json_readers<Model, BasicJson>(std::make_index_sequence<count>{});
  const BasicJson& object = require_object(j, contract<Model>::name);
  v = Model{};  // nlohmann's get_to() may pass a model that holds values already
  std::array<bool, count> seen{};
  for (auto it = object.begin(); it != object.end(); ++it) {
    const std::size_t index = field_by_json_name<Model>(it.key());
    if (index == count || seen[index]) continue;
    seen[index] = true;
    if (!it->is_null()) readers[index](*it, v);
  }
}

template <class T>
T as_json_scalar(T value) {
  return value;
}
inline std::string as_json_scalar(std::string_view text) { return std::string(text); }

/// Every present member, answer-only ones included, in the docs' order.
template <class Model, class BasicJson>
void write_json_model(BasicJson& j, const Model& v) {
  j = BasicJson::object();
  for_each_field<Model>([&](const auto& field) {
    using member_type = std::decay_t<decltype(v.*field.member)>;
    if_present(v.*field.member, [&](const auto& value) {
      j[field.json_name] = as_json_scalar(codec_of<member_type>::json_value(value));
    });
  });
}

}  // namespace detail

/// nlohmann::json (and ordered_json) conversion of every model, found by ADL. Absent optionals
/// are left out; members only answers carry (ParticipantFollowUp::time_slot_id) are written
/// too, so that from_json(to_json(v)) == v, although serialize() never sends them.
template <class BasicJson, class Model, std::enable_if_t<detail::is_model<Model>, int> = 0>
void to_json(BasicJson& j, const Model& v) {
  detail::write_json_model(j, v);
}

/// Reads a model as leniently as serialize()'s counterpart deserialize() does; throws
/// ProtocolError, naming the member, when `j` is not an object of the documented shape.
template <class BasicJson, class Model, std::enable_if_t<detail::is_model<Model>, int> = 0>
void from_json(const BasicJson& j, Model& v) {
  detail::read_json_model(j, v);
}

}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
