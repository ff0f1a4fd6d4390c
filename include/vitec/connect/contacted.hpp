#pragma once

#include <optional>
#include <string>
#include <utility>

#include "vitec/connect/error.hpp"

namespace vitec::connect {

/// Whether a viewing participant has been contacted. An extensible enum: the API documents only
/// "No", and any other name the server uses can be held and sent back unchanged.
class Contacted {
 public:
  static const Contacted no;  ///< "No"

  /// The value named `name`, kept exactly as given: any name the server uses, not only "No".
  /// serialize() refuses an empty name.
  explicit Contacted(std::string name) : name_(std::move(name)) {}

  /// The name exactly as it goes on the wire, e.g. "No".
  const std::string& name() const noexcept { return name_; }

  /// Equal when the names are (compared byte for byte, so case matters).
  friend bool operator==(const Contacted& a, const Contacted& b) { return a.name_ == b.name_; }
  /// Not equal when the names differ.
  friend bool operator!=(const Contacted& a, const Contacted& b) { return !(a == b); }

 private:
  std::string name_;
};

inline const Contacted Contacted::no{"No"};

namespace detail {

/// The Contacted a body names. An empty name is no enum member (.NET cannot read it either), and
/// reading it would give a model that serialize() refuses to send back.
inline std::optional<Contacted> read_contacted(const std::optional<std::string>& name) {
  if (!name) return std::nullopt;
  if (name->empty())
    throw ProtocolError("contacted is empty where an enum name such as No belongs");
  return Contacted(*name);
}

}  // namespace detail

}  // namespace vitec::connect
