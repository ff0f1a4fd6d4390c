#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace vitec::connect {

/// HTTP header fields as (name, value) pairs, in order; a name may repeat.
using Headers = std::vector<std::pair<std::string, std::string>>;

/// One HTTP exchange as the client hands it to a Transport. `headers` already holds
/// Authorization, Content-Type, Accept and User-Agent.
struct HttpRequest {
  std::string method{};  ///< "PUT"
  std::string url{};     ///< the full URL, customer id percent-encoded
  Headers headers{};     ///< Authorization holds the credentials: never log it
  std::string body{};    ///< the model, serialized in ClientOptions::format
  std::chrono::milliseconds connect_timeout{10000};  ///< ClientOptions::connect_timeout
  std::chrono::milliseconds timeout{30000};  ///< ClientOptions::request_timeout: whole exchange
};

/// The answer a Transport got, whatever its status: the Client turns it into a result or an Error.
struct HttpResponse {
  int status = 0;      ///< as received; the Client follows no redirect (a 3xx is an HttpError)
  Headers headers{};   ///< the Client reads Retry-After and Location
  std::string body{};  ///< raw; on success the Client expects `true` or `false` (JSON or XML)
};

/// Sends one request and returns whatever status came back. Implementations signal a failure
/// to get any answer by throwing TransportError (or TimeoutError); a non-permanent one is retried.
/// Replace it in ClientOptions to mock the network or to use another HTTP stack.
class Transport {
 public:
  virtual ~Transport() = default;
  /// Sends `request` once and returns the answer; retries and status mapping are the Client's.
  /// May be called from several threads at once. Any exception that is not an Error becomes a
  /// TransportError that is not retried.
  virtual HttpResponse send(const HttpRequest& request) = 0;
};

}  // namespace vitec::connect
