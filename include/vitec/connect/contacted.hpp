#pragma once

#include "vitec/connect/detail/extensible_enum.hpp"
#include "vitec/connect/version.hpp"

namespace vitec::connect {
inline namespace VITEC_CONNECT_ABI_NAMESPACE {

namespace detail {
/// Holds Contacted's documented name. A static member of a class template is defined only in the
/// units that use it, so including the header costs no start-up code.
template <class Enum>
struct contacted_names {
  static const Enum no;  ///< "No"
};
template <class Enum>
const Enum contacted_names<Enum>::no{"No"};
}  // namespace detail

/// Whether a viewing participant has been contacted. An extensible enum: the API documents only
/// "No" (Contacted::no), and any other name the server uses can be held and sent back unchanged.
class Contacted : public detail::extensible_enum<Contacted>,
                  public detail::contacted_names<Contacted> {
 public:
  /// The value named `name`, kept exactly as given: any name the server uses, not only "No".
  /// serialize() refuses an empty name.
  using extensible_enum::extensible_enum;
};

}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
