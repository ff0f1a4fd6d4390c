#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>
#include "vitec/connect/version.hpp"

namespace vitec::connect {
inline namespace VITEC_CONNECT_ABI_NAMESPACE {

/// What went wrong, coarse enough to switch on.
enum class ErrorKind {
  invalid_argument,  ///< bad input, caught before anything was sent
  validation,        ///< 400: the server rejected the content
  unauthorized,      ///< 401: wrong username or password
  forbidden,         ///< 403: no access to that customer's data
  server,            ///< 500 and other 5xx
  http,              ///< any other unexpected status, redirects included
  transport,         ///< DNS, connect, TLS, reset, ...
  timeout,           ///< connect or request timeout
  protocol,          ///< a 2xx whose body is not the documented answer
  /// 404: what was asked for is not there (a read of something gone). Last, so that the 0.2
  /// kinds keep their values.
  not_found
};

/// Everything an Error carries besides its kind and text.
struct ErrorDetails {
  int status = 0;         ///< HTTP status, 0 when none came back
  std::string body{};     ///< raw response body, "" when none
  int attempts = 0;       ///< requests sent, retries included
  std::string message{};  ///< the server's own message, where it gave one
  std::map<std::string, std::vector<std::string>> model_state{};  ///< field -> messages (400)
  /// A transport failure that retrying cannot mend (e.g. TLS verification): not retried.
  bool permanent = false;
  /// The server's Retry-After on the last answer, when it sent one: when to come back.
  std::optional<std::chrono::milliseconds> retry_after{};
};

/// The one error type: it carries everything; the subclasses below exist for `catch`.
/// Its text never contains a password or an Authorization header.
class Error : public std::runtime_error {
 public:
  /// An error of `kind` with `what` as its what() text. To throw one, prefer the subclass for
  /// `kind` (or raise()): `catch` clauses match on the type, not on kind().
  Error(ErrorKind kind, const std::string& what, ErrorDetails details = {})
      : std::runtime_error(what), kind_(kind), details_(std::move(details)) {}

  /// What went wrong: one value to switch on instead of a `catch` per subclass.
  ErrorKind kind() const noexcept { return kind_; }
  /// HTTP status of the last answer, 0 when none came back (nothing sent, transport failure).
  int status() const noexcept { return details_.status; }
  /// Raw body of the last answer, "" when none came back.
  const std::string& body() const noexcept { return details_.body; }
  /// Requests sent, retries included; 0 when the input was refused before sending.
  int attempts() const noexcept { return details_.attempts; }
  /// The server's own message from a 400 body (JSON or XML), "" when it gave none.
  const std::string& message() const noexcept { return details_.message; }
  /// A 400's validation messages, field -> messages, as the server listed them; else empty.
  const std::map<std::string, std::vector<std::string>>& model_state() const noexcept {
    return details_.model_state;
  }
  /// The server's Retry-After on the last answer, when it gave one; also when the SDK gave up
  /// because that wait was longer than RetryPolicy::max_backoff.
  std::optional<std::chrono::milliseconds> retry_after() const noexcept {
    return details_.retry_after;
  }
  /// Everything above plus ErrorDetails::permanent, e.g. to make another Error from this one.
  const ErrorDetails& details() const noexcept { return details_; }

  /// Throws this error as the subclass that matches kind().
  [[noreturn]] void raise() const;

 private:
  ErrorKind kind_;
  ErrorDetails details_;
};

// The doc comments inside are /** */: a // comment would swallow the line continuation. Doxygen
// (MACRO_EXPANSION) gives each use the doc comment above it and substitutes the arguments in
// these comments too: ErrorKind::error_kind shows the real kind, and a plain-English `name` or
// `base` would be replaced as well.
// NOLINTBEGIN(bugprone-macro-parentheses): the arguments are names of classes and enumerators,
// which cannot be parenthesised.
#define VITEC_CONNECT_ERROR_CLASS(name, base, error_kind)                \
  class name : public base {                                             \
   public:                                                               \
    /** Sets kind() to ErrorKind::error_kind and what() to `what`. */    \
    explicit name(const std::string& what, ErrorDetails details = {})    \
        : base(ErrorKind::error_kind, what, std::move(details)) {}       \
                                                                         \
   protected:                                                            \
    /** Lets a derived class (as TimeoutError is of TransportError) pass \
        its own kind. */                                                 \
    name(ErrorKind kind, const std::string& what, ErrorDetails details)  \
        : base(kind, what, std::move(details)) {}                        \
  };
// NOLINTEND(bugprone-macro-parentheses)

/// Bad input, refused before anything was sent: e.g. ClientOptions a Client cannot work with, an
/// unusable customer id, or text the chosen Format cannot carry.
VITEC_CONNECT_ERROR_CLASS(InvalidArgumentError, Error, invalid_argument)
/// 400: the server rejected the content; message() and model_state() say why. Not retried.
VITEC_CONNECT_ERROR_CLASS(ValidationError, Error, validation)
/// 401: wrong username or password. Not retried.
VITEC_CONNECT_ERROR_CLASS(UnauthorizedError, Error, unauthorized)
/// 403: these credentials have no access to that customer's data. Not retried.
VITEC_CONNECT_ERROR_CLASS(ForbiddenError, Error, forbidden)
/// 500 or another 5xx; 500, 502, 503 and 504 are retried as RetryPolicy says.
VITEC_CONNECT_ERROR_CLASS(ServerError, Error, server)
/// Any other status that is not a success, redirects included (never followed); 408 and 429 are
/// retried. Base of NotFoundError, so that `catch (const HttpError&)` still takes a 404.
VITEC_CONNECT_ERROR_CLASS(HttpError, Error, http)
/// 404: what was asked for is not there, e.g. a read of something that is gone. An HttpError,
/// as every 404 was before 0.3, so one `catch` takes both. Not retried.
VITEC_CONNECT_ERROR_CLASS(NotFoundError, HttpError, not_found)
/// No answer came back: DNS, connect, TLS, reset, ... Retried unless ErrorDetails::permanent.
/// A custom Transport throws it (or TimeoutError) to report such a failure.
VITEC_CONNECT_ERROR_CLASS(TransportError, Error, transport)
/// The connect or request timeout ran out. A TransportError, so one `catch` takes both, and
/// retried like one.
VITEC_CONNECT_ERROR_CLASS(TimeoutError, TransportError, timeout)
/// A 2xx whose body is not the documented boolean, or an answer over max_response_bytes; also
/// malformed input to deserialize(). Not retried.
VITEC_CONNECT_ERROR_CLASS(ProtocolError, Error, protocol)

#undef VITEC_CONNECT_ERROR_CLASS

inline void Error::raise() const {
  const std::string text = what();
  switch (kind_) {
    case ErrorKind::invalid_argument:
      throw InvalidArgumentError(text, details_);
    case ErrorKind::validation:
      throw ValidationError(text, details_);
    case ErrorKind::unauthorized:
      throw UnauthorizedError(text, details_);
    case ErrorKind::forbidden:
      throw ForbiddenError(text, details_);
    case ErrorKind::server:
      throw ServerError(text, details_);
    case ErrorKind::http:
      throw HttpError(text, details_);
    case ErrorKind::not_found:
      throw NotFoundError(text, details_);
    case ErrorKind::transport:
      throw TransportError(text, details_);
    case ErrorKind::timeout:
      throw TimeoutError(text, details_);
    case ErrorKind::protocol:
      throw ProtocolError(text, details_);
  }
  throw *this;
}

}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
