#pragma once

#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace vitec::connect {

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
  protocol           ///< a 2xx whose body is not the documented answer
};

/// Everything an Error carries besides its kind and text.
struct ErrorDetails {
  int status = 0;       ///< HTTP status, 0 when none came back
  std::string body;     ///< raw response body, "" when none
  int attempts = 0;     ///< requests sent, retries included
  std::string message;  ///< the server's own message, where it gave one
  std::map<std::string, std::vector<std::string>> model_state;  ///< field -> messages (400)
  bool permanent =
      false;  ///< a transport failure that retrying cannot mend (e.g. TLS verification)
};

/// The one error type: it carries everything; the subclasses below exist for `catch`.
/// Its text never contains a password or an Authorization header.
class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& what, ErrorDetails details = {})
      : std::runtime_error(what), kind_(kind), details_(std::move(details)) {}

  ErrorKind kind() const noexcept { return kind_; }
  int status() const noexcept { return details_.status; }
  const std::string& body() const noexcept { return details_.body; }
  int attempts() const noexcept { return details_.attempts; }
  const std::string& message() const noexcept { return details_.message; }
  const std::map<std::string, std::vector<std::string>>& model_state() const noexcept {
    return details_.model_state;
  }
  const ErrorDetails& details() const noexcept { return details_; }

  /// Throws this error as the subclass that matches kind().
  [[noreturn]] void raise() const;

 private:
  ErrorKind kind_;
  ErrorDetails details_;
};

#define VITEC_CONNECT_ERROR_CLASS(name, base, error_kind)               \
  class name : public base {                                            \
   public:                                                              \
    explicit name(const std::string& what, ErrorDetails details = {})   \
        : base(ErrorKind::error_kind, what, std::move(details)) {}      \
                                                                        \
   protected:                                                           \
    name(ErrorKind kind, const std::string& what, ErrorDetails details) \
        : base(kind, what, std::move(details)) {}                       \
  };

VITEC_CONNECT_ERROR_CLASS(InvalidArgumentError, Error, invalid_argument)
VITEC_CONNECT_ERROR_CLASS(ValidationError, Error, validation)
VITEC_CONNECT_ERROR_CLASS(UnauthorizedError, Error, unauthorized)
VITEC_CONNECT_ERROR_CLASS(ForbiddenError, Error, forbidden)
VITEC_CONNECT_ERROR_CLASS(ServerError, Error, server)
VITEC_CONNECT_ERROR_CLASS(HttpError, Error, http)
VITEC_CONNECT_ERROR_CLASS(TransportError, Error, transport)
VITEC_CONNECT_ERROR_CLASS(TimeoutError, TransportError, timeout)
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
    case ErrorKind::transport:
      throw TransportError(text, details_);
    case ErrorKind::timeout:
      throw TimeoutError(text, details_);
    case ErrorKind::protocol:
      throw ProtocolError(text, details_);
  }
  throw *this;
}

}  // namespace vitec::connect
