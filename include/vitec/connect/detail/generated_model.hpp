#pragma once

#include <type_traits>

#include "vitec/connect/detail/data_contract.hpp"
#include "vitec/connect/version.hpp"

namespace vitec::connect {
inline namespace VITEC_CONNECT_ABI_NAMESPACE {
namespace api {

// One == and != for every generated model, found by argument-dependent lookup, rather than two
// hidden friends in each of 335 structs: they are templates either way, but each friend still
// costs every unit that includes an area's header the parsing of its declaration.

/// Equal when every member is (the members of the model's field table, so all of them).
template <class Model, std::enable_if_t<detail::is_generated_model<Model>, int> = 0>
bool operator==(const Model& a, const Model& b) {
  return detail::fields_equal(a, b);
}

/// Not equal when any member differs.
template <class Model, std::enable_if_t<detail::is_generated_model<Model>, int> = 0>
bool operator!=(const Model& a, const Model& b) {
  return !detail::fields_equal(a, b);
}

}  // namespace api
}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
