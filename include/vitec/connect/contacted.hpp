#pragma once

#include <string>
#include <utility>

namespace vitec::connect {

/// Whether a viewing participant has been contacted. An extensible enum: the API documents only
/// "No", and any other name the server uses can be held and sent back unchanged.
class Contacted {
 public:
  static const Contacted no;  ///< "No"

  explicit Contacted(std::string name) : name_(std::move(name)) {}

  const std::string& name() const noexcept { return name_; }

  friend bool operator==(const Contacted& a, const Contacted& b) { return a.name_ == b.name_; }
  friend bool operator!=(const Contacted& a, const Contacted& b) { return !(a == b); }

 private:
  std::string name_;
};

inline const Contacted Contacted::no{"No"};

}  // namespace vitec::connect
