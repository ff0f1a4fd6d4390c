#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "vitec/connect/error.hpp"
#include "vitec/connect/version.hpp"

namespace vitec::connect {
inline namespace VITEC_CONNECT_ABI_NAMESPACE {
namespace detail {

// The functions and classes here are templates (with an unused parameter where nothing else
// makes them one) so that each is compiled only where it is used; see docs/design.md.

// Each model's wire contract is one table, its contract's `fields`: per member its C++ member
// pointer, its JSON name and its DataContract (XML) name. Every writer, reader and check walks
// the table, so a member is named in one place. The table lists members in the order the docs'
// JSON samples show them; the XML order, which the .NET reader insists on, is derived from it.

inline constexpr const char* follow_up_ns =
    "http://schemas.datacontract.org/2004/07/Vitec.Housing.Connect.Api.Models.ParticipantFollowUp";
inline constexpr const char* order_ns =
    "http://schemas.datacontract.org/2004/07/Vitec.Housing.Connect.Api.Models.Order";
inline constexpr const char* express_order_ns =
    "http://schemas.datacontract.org/2004/07/Express.Connect.Api.Models.Order";

/// One member of Model as both formats name it.
template <class Model, class Value>
struct field {
  Value Model::*member;
  const char* json_name;  ///< camelCase, as in the docs' JSON
  const char* xml_name;   ///< the DataContract member name
  bool sent;              ///< false: read from answers, never written by serialize()
};

/// A member written to requests and read from answers.
template <class Model, class Value>
constexpr field<Model, Value> member(Value Model::*m, const char* json_name, const char* xml_name) {
  return {m, json_name, xml_name, true};
}

/// A member only answers carry: read, never written by serialize().
template <class Model, class Value>
constexpr field<Model, Value> answer_member(Value Model::*m, const char* json_name,
                                            const char* xml_name) {
  return {m, json_name, xml_name, false};
}

/// A model's fields, in order: a nest of plain aggregates rather than a std::tuple, whose
/// constructors cost several times as much to compile for each model.
template <class... Fields>
struct field_table {
  static constexpr std::size_t size = 0;
};
template <class First, class... Rest>
struct field_table<First, Rest...> {
  static constexpr std::size_t size = 1 + sizeof...(Rest);
  First first;
  field_table<Rest...> rest;
};

constexpr field_table<> table() { return {}; }

/// The table of `fields`, in the order given.
template <class First, class... Rest>
constexpr field_table<First, Rest...> table(First first, Rest... rest) {
  return {first, table(rest...)};
}

/// Field I of a table.
template <std::size_t I, class Table>
constexpr const auto& field_at(const Table& fields) {
  if constexpr (I == 0) {
    return fields.first;
  } else {
    return field_at<I - 1>(fields.rest);
  }
}

/// Specialised next to each model: `name` (the DataContract type name, also used in messages),
/// `xml_namespace` (written and read; nullptr: the model does not do XML), `other_xml_namespace`
/// (also read, or nullptr) and its table() of field<Model, ...>: for the 0.2 models a
/// `static constexpr` member `fields`; for the generated ones (`generated = true`) a
/// `template <class = Model> static constexpr auto fields()`, which is evaluated only in units
/// that use the model, so an area's header of a hundred models costs little to include
/// (../shared/STYLE.md measures static tables at +40% of the umbrella's compile time).
template <class Model>
struct contract;

template <class T, class = void>
struct has_contract : std::false_type {};
template <class T>
struct has_contract<T, std::void_t<decltype(contract<T>::name)>> : std::true_type {};

/// Whether T is a model with a wire contract.
template <class T>
inline constexpr bool is_model = has_contract<T>::value;

template <class T, class = void>
struct is_generated : std::false_type {};
template <class T>
struct is_generated<T, std::enable_if_t<contract<T>::generated>> : std::true_type {};

/// Whether T is one of the models generated from spec/vitec-connect.json (vitec::connect::api).
template <class T>
inline constexpr bool is_generated_model = is_generated<T>::value;

template <class T, class = void>
struct has_limits_trait : std::false_type {};
template <class T>
struct has_limits_trait<T, std::enable_if_t<contract<T>::limited>> : std::true_type {};

/// Whether a generated model has documented limits (lengths, ranges, required members): its
/// contract's check_limits(v) refuses a value outside them.
template <class T>
inline constexpr bool has_limits = has_limits_trait<T>::value;

/// A model's field table, wherever its contract keeps it.
template <class Model, bool = is_generated_model<Model>>
struct table_of {
  static constexpr const auto& value = contract<Model>::fields;
};
template <class Model>
struct table_of<Model, true> {
  static constexpr auto value = contract<Model>::template fields<>();
};

template <class Model>
inline constexpr std::size_t field_count = std::decay_t<decltype(table_of<Model>::value)>::size;

template <class Table, class F>
constexpr void for_each_in(const Table& fields, F& f) {
  if constexpr (Table::size > 0) {
    f(fields.first);
    for_each_in(fields.rest, f);
  }
}

/// Calls f(field) for every field, in table (JSON) order.
template <class Model, class F>
constexpr void for_each_field(F&& f) {
  for_each_in(table_of<Model>::value, f);
}

/// Ordinal comparison, as DataContract orders members (String.CompareOrdinal).
constexpr bool ordinal_less(const char* a, const char* b) noexcept {
  while (*a != '\0' && *a == *b) ++a, ++b;
  return static_cast<unsigned char>(*a) < static_cast<unsigned char>(*b);
}

/// The field indices sorted by XML name.
template <class Model>
constexpr std::array<std::size_t, field_count<Model>> xml_order() {
  std::array<const char*, field_count<Model>> names{};
  std::size_t next = 0;
  for_each_field<Model>([&](const auto& each) { names[next++] = each.xml_name; });
  std::array<std::size_t, field_count<Model>> order{};
  for (std::size_t i = 0; i < order.size(); ++i) {
    std::size_t at = i;
    for (; at > 0 && ordinal_less(names[i], names[order[at - 1]]); --at) order[at] = order[at - 1];
    order[at] = i;
  }
  return order;
}

/// Whether no two members share an XML name (or, for a JSON name, differ only in case, as
/// JSON names are matched regardless of case).
template <class Model>
constexpr bool names_are_distinct() {
  std::array<const char*, field_count<Model>> xml{};
  std::array<const char*, field_count<Model>> json{};
  std::size_t next = 0;
  for_each_field<Model>([&](const auto& each) {
    xml[next] = each.xml_name;
    json[next++] = each.json_name;
  });
  const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
  for (std::size_t i = 0; i < xml.size(); ++i) {
    for (std::size_t j = i + 1; j < xml.size(); ++j) {
      if (!ordinal_less(xml[i], xml[j]) && !ordinal_less(xml[j], xml[i])) return false;
      std::size_t k = 0;
      while (json[i][k] != '\0' && lower(json[i][k]) == lower(json[j][k])) ++k;
      if (json[i][k] == '\0' && json[j][k] == '\0') return false;
    }
  }
  return true;
}

/// -1, 0 or 1 as `a` sorts before, with or after `b` when ASCII case is ignored, as JSON names
/// are matched.
constexpr int compare_ignoring_case(std::string_view a, std::string_view b) noexcept {
  const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
    const auto x = static_cast<unsigned char>(lower(a[i]));
    const auto y = static_cast<unsigned char>(lower(b[i]));
    if (x != y) return x < y ? -1 : 1;
  }
  return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
}

/// Model's JSON names and, in `order`, the field indices sorted by them ignoring case.
template <class Model>
struct json_name_index {
  std::array<const char*, field_count<Model>> names{};
  std::array<std::size_t, field_count<Model>> order{};
};

template <class Model>
constexpr json_name_index<Model> make_json_name_index() {
  json_name_index<Model> index;
  std::size_t next = 0;
  for_each_field<Model>([&](const auto& each) { index.names[next++] = each.json_name; });
  for (std::size_t i = 0; i < index.order.size(); ++i) {
    std::size_t at = i;
    for (; at > 0 && compare_ignoring_case(index.names[i], index.names[index.order[at - 1]]) < 0;
         --at) {
      index.order[at] = index.order[at - 1];
    }
    index.order[at] = i;
  }
  return index;
}

/// The index of the field whose JSON name is `name` ignoring ASCII case, or field_count<Model>
/// for a member the model does not have: a binary search, so that reading a model of n members
/// costs n log n comparisons rather than n².
template <class Model>
std::size_t field_by_json_name(std::string_view name) noexcept {
  static constexpr auto index = make_json_name_index<Model>();
  std::size_t low = 0;
  std::size_t high = field_count<Model>;
  while (low < high) {
    const std::size_t mid = low + (high - low) / 2;
    const int c = compare_ignoring_case(index.names[index.order[mid]], name);
    if (c == 0) return index.order[mid];
    if (c < 0) {
      low = mid + 1;
    } else {
      high = mid;
    }
  }
  return field_count<Model>;
}

template <class Model, class F, std::size_t... I>
void for_each_in_xml_order(F& f, std::index_sequence<I...>) {
  constexpr auto order = xml_order<Model>();
  (f(field_at<order[I]>(table_of<Model>::value)), ...);
}

/// Calls f(field) for every field in ordinal order of the XML names: a .NET reader drops a
/// member that comes out of order.
template <class Model, class F>
void for_each_field_in_xml_order(F&& f) {
  static_assert(names_are_distinct<Model>(), "two members of a model share a wire name");
  for_each_in_xml_order<Model>(f, std::make_index_sequence<field_count<Model>>{});
}

template <class Model, class F, std::size_t... I>
void visit_xml_named(std::string_view name, F& f, std::index_sequence<I...>) {
  (void)((name == field_at<I>(table_of<Model>::value).xml_name
              ? (f(field_at<I>(table_of<Model>::value), I), true)
              : false) ||
         ...);
}

/// Calls f(field, index) for the field whose XML name is `name`; does nothing for an unknown
/// name (answers may carry members this SDK does not know).
template <class Model, class F>
void visit_field_by_xml_name(std::string_view name, F&& f) {
  visit_xml_named<Model>(name, f, std::make_index_sequence<field_count<Model>>{});
}

/// Where a value sits, for messages: "OrderEntry.serviceId" (or the XML name when reading XML).
struct member_ref {
  const char* model;
  const char* name;

  std::string label() const { return std::string(model) + '.' + name; }
};

/// A member of an answer that is not what the contract says.
template <class = void>
[[noreturn]] void bad_member(const member_ref& where, std::string_view why) {
  throw ProtocolError(where.label() + ' ' + std::string(why));
}

/// Whether every member in Model's table is equal: the models' == (the table that names each
/// member for the wire also compares them, so a member added to it is compared too).
template <class Model>
bool fields_equal(const Model& a, const Model& b) {
  bool equal = true;
  for_each_field<Model>(
      [&](const auto& field) { equal = equal && a.*field.member == b.*field.member; });
  return equal;
}

}  // namespace detail
}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
