#pragma once

#include <stdexcept>
#include <utility>
#include <variant>

#include "vitec/connect/error.hpp"
#include "vitec/connect/version.hpp"

namespace vitec::connect {
inline namespace VITEC_CONNECT_ABI_NAMESPACE {

/// Where a read's answer came from when ClientOptions::read_cache is set (Result::cache()).
enum class CacheUse {
  none,   ///< from the server (or no cache, or not a cached read)
  fresh,  ///< from the cache, within its time to live, or confirmed unchanged by a 304
  stale   ///< from the cache past its time to live: the server was down or answered 5xx
};

namespace detail {
struct result_cache_access;
}  // namespace detail

/// A value or the Error that prevented it: for code that must not throw.
template <class T>
class Result {
 public:
  /// A success holding `value`. Implicit, so that a function returning Result can
  /// `return value;`.
  Result(T value)
      : state_(std::in_place_index<0>, std::move(value)) {}  // implicit by design: `return value;`
  /// A failure holding `error`; implicit for the same reason.
  Result(Error error)
      : state_(std::in_place_index<1>, std::move(error)) {}  // implicit by design: `return value;`

  /// True when this holds a value, false when it holds an Error.
  bool ok() const noexcept { return state_.index() == 0; }
  /// Same as ok(), for `if (result)`.
  explicit operator bool() const noexcept { return ok(); }

  /// The value; throws the error (as its subclass) when not ok.
  const T& value() const& {
    if (!ok()) std::get<1>(state_).raise();
    return std::get<0>(state_);
  }

  /// The value of a Result about to go away, to move from, so that a long list read through a
  /// throwing call is not copied; throws the error (as its subclass) when not ok. As with
  /// std::optional, it refers into the Result: initialise a variable from it
  /// (`auto orders = client.try_list_orders(c).value();` moves), and do not loop over it
  /// directly, which would read the temporary Result after it is destroyed.
  T&& value() && {
    if (!ok()) std::get<1>(state_).raise();
    return std::get<0>(std::move(state_));
  }

  /// Whether the value came from ClientOptions::read_cache, and how fresh it was.
  CacheUse cache() const noexcept { return cache_; }

  /// The error; throws std::logic_error when ok.
  const Error& error() const {
    if (ok()) throw std::logic_error("vitec::connect::Result::error() called on a value");
    return std::get<1>(state_);
  }

 private:
  friend struct detail::result_cache_access;
  std::variant<T, Error> state_;
  CacheUse cache_ = CacheUse::none;
};

namespace detail {
/// Lets the client mark an answer served by its read cache.
struct result_cache_access {
  template <class T>
  static Result<T> mark(Result<T> result, CacheUse use) noexcept {
    result.cache_ = use;
    return result;
  }
};
}  // namespace detail

}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
