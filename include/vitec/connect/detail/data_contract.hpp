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

// Each model's wire contract is one table, contract<Model>::fields: per member its C++ member
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
/// `xml_namespace` (written and read), `other_xml_namespace` (also read, or nullptr) and
/// `fields`, a table() of field<Model, ...>.
template <class Model>
struct contract;

template <class T, class = void>
struct has_contract : std::false_type {};
template <class T>
struct has_contract<T, std::void_t<decltype(contract<T>::fields)>> : std::true_type {};

/// Whether T is a model with a wire contract.
template <class T>
inline constexpr bool is_model = has_contract<T>::value;

template <class Model>
inline constexpr std::size_t field_count = std::decay_t<decltype(contract<Model>::fields)>::size;

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
  for_each_in(contract<Model>::fields, f);
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

template <class Model, class F, std::size_t... I>
void for_each_in_xml_order(F& f, std::index_sequence<I...>) {
  constexpr auto order = xml_order<Model>();
  (f(field_at<order[I]>(contract<Model>::fields)), ...);
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
  (void)((name == field_at<I>(contract<Model>::fields).xml_name
              ? (f(field_at<I>(contract<Model>::fields), I), true)
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
