#pragma once

#include "vitec/connect/detail/extensible_enum.hpp"
#include "vitec/connect/version.hpp"

namespace vitec::connect {
inline namespace VITEC_CONNECT_ABI_NAMESPACE {

/// Whether a viewing participant has been contacted. An extensible enum: the API documents only
/// "No", and any other name the server uses can be held and sent back unchanged.
class Contacted : public detail::extensible_enum<Contacted> {
 public:
  static const Contacted no;  ///< "No"

  /// The value named `name`, kept exactly as given: any name the server uses, not only "No".
  /// serialize() refuses an empty name.
  using extensible_enum::extensible_enum;
};

inline const Contacted Contacted::no{"No"};

}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
